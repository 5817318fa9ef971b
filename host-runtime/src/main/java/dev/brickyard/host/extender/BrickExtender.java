package dev.brickyard.host.extender;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickHeaders;
import dev.brickyard.api.BrickId;
import dev.brickyard.api.BrickKind;
import dev.brickyard.api.BrickManifest;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.ManifestJson;
import dev.brickyard.host.brick.OrtHeadBrick;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTracker;

/**
 * Tracks ACTIVE brick bundles. Tracker callbacks run synchronously in the thread that starts or stops the bundle,
 * so when {@code Bundle.start()} returns the brick is loaded (or its load failure recorded), and when
 * {@code Bundle.stop()} returns its native memory is freed.
 */
public final class BrickExtender extends BundleTracker<Brick> {
    private final Map<BrickId, Brick> loaded = new ConcurrentHashMap<>();
    private final Map<Long, BrickException> failures = new ConcurrentHashMap<>();

    public BrickExtender(BundleContext context) {
        super(context, Bundle.ACTIVE, null);
    }

    /** The loaded brick with this id, if its bundle is active. */
    public Optional<Brick> brick(BrickId id) {
        return Optional.ofNullable(loaded.get(id));
    }

    /** Every loaded brick. */
    public Map<BrickId, Brick> bricks() {
        return Map.copyOf(loaded);
    }

    /**
     * The reason the bundle's brick failed to load when it last became active, cleared by reading it.
     */
    public Optional<BrickException> takeFailure(Bundle bundle) {
        return Optional.ofNullable(failures.remove(bundle.getBundleId()));
    }

    @Override
    public Brick addingBundle(Bundle bundle, BundleEvent event) {
        String manifestPath = bundle.getHeaders().get(BrickHeaders.BRICK_MANIFEST);
        if (manifestPath == null) {
            return null;
        }
        try {
            Brick brick = load(bundle, manifestPath);
            Brick previous = loaded.putIfAbsent(brick.id(), brick);
            if (previous != null) {
                brick.close();
                throw new dev.brickyard.api.BrickConflictException(brick.id() + " is already loaded from bundle "
                        + previous.version());
            }
            return brick;
        } catch (BrickException e) {
            failures.put(bundle.getBundleId(), e);
            return null;
        }
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Brick brick) {
        loaded.remove(brick.id(), brick);
        brick.close();
    }

    private static Brick load(Bundle bundle, String manifestPath) throws BrickException {
        BrickManifest manifest = ManifestJson.read(entry(bundle, manifestPath));
        if (manifest.kind() != BrickKind.HEAD) {
            throw new dev.brickyard.api.IncompatibleBrickException(manifest.id() + " is a "
                    + manifest.kind().jsonName() + " brick; this host runs head bricks");
        }
        String weights = BrickHeaders.BRICK_FOLDER + manifest.weights().get(0);
        return OrtHeadBrick.load(manifest, entry(bundle, weights));
    }

    private static byte[] entry(Bundle bundle, String path) throws MalformedBrickException {
        URL url = bundle.getEntry(path);
        if (url == null) {
            throw new MalformedBrickException(bundle.getSymbolicName() + " lacks " + path);
        }
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new MalformedBrickException(bundle.getSymbolicName() + ": cannot read " + path, e);
        }
    }
}
