package dev.brickyard.host;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.host.extender.BrickExtender;
import dev.brickyard.host.framework.EmbeddedFramework;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * Brick archives in and out of the embedded OSGi framework: a load installs an archive as a bundle beside any other
 * version of the brick, starts it, claims the brick the extender made of it and smoke-tests it, or leaves no bundle
 * behind. Owns the extender and every brick it loaded until that brick closes.
 */
final class BrickBundles implements AutoCloseable {
    private final EmbeddedFramework framework;
    private final BrickExtender extender;
    private final SmokeTest smokeTest;
    private final Set<LoadedBrick> alive = ConcurrentHashMap.newKeySet();
    private final AtomicLong locations = new AtomicLong();

    BrickBundles(EmbeddedFramework framework, GraphOptions graph, SmokeTest smokeTest) {
        this.framework = framework;
        this.smokeTest = smokeTest;
        this.extender = new BrickExtender(framework.context(), graph);
        this.extender.open();
    }

    /**
     * Installs the archive as a new bundle beside any other version, starts it and smoke-tests its brick. On any
     * failure the bundle is gone again and the brick closed.
     *
     * @param manifest the archive's {@code brick.json}, as verified
     * @param sha256 the archive's digest, as verified
     * @param current the set a composite's components are taken from for its smoke test
     * @param source where the archive came from
     */
    LoadedBrick load(Path archive, BrickManifest manifest, String sha256, BrickSet current, BrickSource source)
            throws BrickException, IOException {
        String location = "brick:" + manifest.id() + "@" + manifest.version() + "#" + locations.incrementAndGet();
        Bundle bundle;
        try (InputStream in = Files.newInputStream(archive)) {
            bundle = framework.context().installBundle(location, in);
        } catch (BundleException e) {
            throw new BrickException("the framework refused " + manifest.id() + ": " + e.getMessage(), e);
        }
        Brick brick = null;
        try {
            brick = activate(bundle, manifest);
            smokeTest.check(brick, current);
            InstalledBrick info = new InstalledBrick(brick.id(), brick.version(), brick.manifest().kind(),
                    brick.manifest().labels(), bundle.getBundleId(), sha256, brick.weightBytes(), source);
            return new LoadedBrick(info, brick, alive);
        } catch (BrickException | RuntimeException e) {
            if (brick != null) {
                brick.close();
            }
            uninstallQuietly(bundle);
            throw e;
        }
    }

    private Brick activate(Bundle bundle, BrickManifest manifest) throws BrickException {
        try {
            bundle.start();
        } catch (BundleException e) {
            if (e.getType() == BundleException.RESOLVE_ERROR) {
                throw new IncompatibleBrickException(manifest.id() + "@" + manifest.version()
                        + " cannot run on this host: " + e.getMessage(), e);
            }
            throw new BrickException("the framework failed to start " + manifest.id() + ": " + e.getMessage(), e);
        }
        BrickException failure = extender.takeFailure(bundle).orElse(null);
        if (failure != null) {
            throw failure;
        }
        return extender.claim(bundle).orElseThrow(() -> new BrickException(manifest.id() + " did not load"));
    }

    /** Undoes a load that will not serve: brick closed, bundle uninstalled. */
    void discard(LoadedBrick loaded) {
        loaded.close();
        uninstallBundle(loaded);
    }

    /**
     * Takes a brick's bundle out of the framework. The brick object lives on until the requests using it end, so a
     * swap never cuts a running request short.
     */
    void uninstallBundle(LoadedBrick loaded) {
        Bundle bundle = framework.context().getBundle(loaded.info().bundleId());
        if (bundle != null) {
            uninstallQuietly(bundle);
        }
    }

    /** How many bricks are loaded and not closed yet: the installed ones plus those still finishing requests. */
    int loadedBricks() {
        return alive.size();
    }

    /** The bundles other than the system bundle, as {@code symbolic-name version state}. */
    List<String> describe() {
        List<String> bundles = new ArrayList<>();
        for (Bundle bundle : framework.context().getBundles()) {
            if (bundle.getBundleId() != 0) {
                bundles.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " " + stateName(bundle.getState()));
            }
        }
        return bundles;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private static void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException ignored) {
            // the bundle is already gone, which is what we wanted
        }
    }

    /** Closes every brick still loaded, whoever still uses it, then stops tracking bundles. */
    @Override
    public void close() {
        List.copyOf(alive).forEach(LoadedBrick::close);
        extender.close();
    }
}
