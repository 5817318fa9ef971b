package dev.brickyard.host.extender;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.host.brick.BrickLoader;
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
 * Tracks ACTIVE brick bundles and loads their bricks. Tracker callbacks run synchronously in the thread that starts or
 * stops the bundle, so when {@code Bundle.start()} returns the brick is loaded (or its load failure recorded).
 *
 * <p>A loaded brick belongs to the extender until the host {@linkplain #claim claims} it; from then on the host
 * closes it, when no request uses it any more, which may be after its bundle is gone (a swap lets in-flight
 * requests finish on the old version). A brick still unclaimed when its bundle stops is closed here.
 */
public final class BrickExtender extends BundleTracker<Brick> {
    private final Map<Long, Brick> unclaimed = new ConcurrentHashMap<>();
    private final Map<Long, BrickException> failures = new ConcurrentHashMap<>();
    private final GraphOptions graph;

    /** @param graph what the host's base graph offers adapters and neuron bricks */
    public BrickExtender(BundleContext context, GraphOptions graph) {
        super(context, Bundle.ACTIVE, null);
        this.graph = graph;
    }

    /**
     * Takes ownership of the brick loaded from an active bundle: the caller must close it.
     *
     * @return empty when the bundle carries no loaded brick
     */
    public Optional<Brick> claim(Bundle bundle) {
        return Optional.ofNullable(unclaimed.remove(bundle.getBundleId()));
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
            unclaimed.put(bundle.getBundleId(), brick);
            return brick;
        } catch (BrickException e) {
            failures.put(bundle.getBundleId(), e);
            return null;
        }
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Brick brick) {
        if (unclaimed.remove(bundle.getBundleId(), brick)) {
            brick.close();
        }
    }

    private Brick load(Bundle bundle, String manifestPath) throws BrickException {
        BrickManifest manifest = ManifestJson.read(entry(bundle, manifestPath));
        return BrickLoader.load(manifest, path -> entry(bundle, path), graph);
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
