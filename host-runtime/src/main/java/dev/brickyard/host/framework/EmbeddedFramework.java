package dev.brickyard.host.framework;

import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.api.manifest.BrickHeaders;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * An OSGi framework inside this process, found through {@code ServiceLoader<FrameworkFactory>} (Felix is on the
 * class path), whose system bundle exports the brick API and provides the base model capability:
 * <pre>
 * org.osgi.framework.system.packages.extra      dev.brickyard.api;version="1.0.0",dev.brickyard.api.kind;version="1.0.0",dev.brickyard.api.manifest;version="1.0.0",dev.brickyard.api.version;version="1.0.0"
 * org.osgi.framework.system.capabilities.extra  brick.base;brick.base="all-minilm-l6-v2";dim:Long=384;digest="sha256:..."
 * </pre>
 * The framework's bundle cache lives under the given storage folder and is cleaned on every start.
 */
public final class EmbeddedFramework implements AutoCloseable {
    /** Version at which the system bundle exports {@code dev.brickyard.api}. */
    public static final String API_PACKAGE_VERSION = "1.0.0";
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final Framework framework;
    private final Thread shutdownHook;

    private EmbeddedFramework(Framework framework) {
        this.framework = framework;
        this.shutdownHook = new Thread(this::stopQuietly, "brickyard-osgi-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Initialises and starts the framework.
     *
     * @param storage folder for the bundle cache, emptied first
     * @param base the base model the host runs, offered to bricks as a capability
     */
    public static EmbeddedFramework start(Path storage, BaseModelRef base) throws BundleException {
        Map<String, String> configuration = new HashMap<>();
        configuration.put(Constants.FRAMEWORK_STORAGE, storage.toAbsolutePath().toString());
        configuration.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        configuration.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "dev.brickyard.api;version=\"" + API_PACKAGE_VERSION + "\","
                + "dev.brickyard.api.kind;version=\"" + API_PACKAGE_VERSION + "\","
                + "dev.brickyard.api.manifest;version=\"" + API_PACKAGE_VERSION + "\","
                + "dev.brickyard.api.version;version=\"" + API_PACKAGE_VERSION + "\"");
        configuration.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, baseCapability(base));
        configuration.put("felix.log.level", "1");
        // A swap installs the new version beside the old one before the old is removed; two bundles of one brick
        // may even share a symbolic name and version (the same version rebuilt from a file).
        configuration.put(Constants.FRAMEWORK_BSNVERSION, Constants.FRAMEWORK_BSNVERSION_MULTIPLE);
        Iterator<FrameworkFactory> factories = ServiceLoader.load(FrameworkFactory.class,
                EmbeddedFramework.class.getClassLoader()).iterator();
        if (!factories.hasNext()) {
            throw new BundleException("no OSGi framework on the class path (org.apache.felix.framework)");
        }
        Framework framework = factories.next().newFramework(configuration);
        framework.init();
        framework.start();
        return new EmbeddedFramework(framework);
    }

    /** The {@code brick.base} capability clause for a base model. */
    public static String baseCapability(BaseModelRef base) {
        return BrickHeaders.BASE_NAMESPACE + ";" + BrickHeaders.BASE_NAMESPACE + "=\"" + base.name() + "\";"
                + BrickHeaders.DIM_ATTRIBUTE + ":Long=" + base.dim() + ";" + BrickHeaders.DIGEST_ATTRIBUTE + "=\""
                + base.digest() + "\"";
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /**
     * Refreshes bundles and waits until the framework says it is done, so that an updated bundle's old revision
     * is gone before the caller goes on.
     */
    public void refresh(Bundle bundle) throws BundleException {
        CompletableFuture<FrameworkEvent> done = new CompletableFuture<>();
        framework.adapt(FrameworkWiring.class).refreshBundles(java.util.List.of(bundle), done::complete);
        try {
            FrameworkEvent event = done.get(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (event.getType() == FrameworkEvent.ERROR) {
                throw new BundleException("refreshing " + bundle.getSymbolicName() + " failed", event.getThrowable());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("interrupted while refreshing " + bundle.getSymbolicName(), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new BundleException("refreshing " + bundle.getSymbolicName() + " did not finish", e);
        }
    }

    /** Stops the framework and waits for it, which stops every bundle and so unloads every brick. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook itself is running; nothing to remove
        }
    }

    private void stopQuietly() {
        try {
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MILLIS);
        } catch (BundleException e) {
            throw new IllegalStateException("the OSGi framework failed to stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
