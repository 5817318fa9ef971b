package dev.brickyard.host.http;

import dev.brickyard.host.BrickHost;
import dev.brickyard.host.http.v2.OpenInferenceApi;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.server.AllowedHostsFilter;
import dev.brickyard.http.server.HttpMetricsFilter;
import dev.brickyard.http.server.JerseyServer;
import dev.brickyard.http.server.MetricsResource;
import dev.brickyard.http.server.ServerLimits;
import java.net.URI;
import java.util.logging.Logger;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * A host serving HTTP: Jersey on the JDK's HTTP server within its {@link ServerLimits} (concurrent requests meet in
 * the embedding batcher). Owns the {@link BrickHost} it serves and closes it last.
 */
public final class HostServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostServer.class.getName());

    private final JerseyServer http;
    private final BrickHost host;
    private final HostMetrics metrics;

    private HostServer(JerseyServer http, BrickHost host, HostMetrics metrics) {
        this.http = http;
        this.host = host;
        this.metrics = metrics;
    }

    /**
     * Starts serving {@code host} on {@code address:port} (port 0 for any free one) within the default limits.
     *
     * @param registry where {@code POST /v1/bricks {"ref": ...}} resolves references, or null for none
     */
    public static HostServer start(BrickHost host, String address, int port, RegistryClient registry) {
        return start(host, address, port, registry, ServerLimits.DEFAULT);
    }

    /**
     * Starts serving {@code host} on {@code address:port} (port 0 for any free one) within {@code limits}, without
     * tokens ({@link HostAccess#UNAUTHENTICATED}).
     *
     * @param registry where {@code POST /v1/bricks {"ref": ...}} resolves references, or null for none
     */
    public static HostServer start(BrickHost host, String address, int port, RegistryClient registry,
                                   ServerLimits limits) {
        return start(host, address, port, registry, limits, HostAccess.UNAUTHENTICATED);
    }

    /**
     * Starts serving {@code host} on {@code address:port} (port 0 for any free one) within {@code limits}, to the
     * clients {@code access} lets in. If it cannot listen, the metrics are closed again; the host stays the caller's.
     *
     * @param registry where {@code POST /v1/bricks {"ref": ...}} resolves references, or null for none
     */
    public static HostServer start(BrickHost host, String address, int port, RegistryClient registry,
                                   ServerLimits limits, HostAccess access) {
        HostMetrics metrics = new HostMetrics(host);
        ResourceConfig application = JerseyServer.application();
        application.register(ProblemMapper.class);
        application.register(new AllowedHostsFilter(access.allowedHosts()));
        if (access.authenticated()) {
            application.register(new TokenFilter(access.tokens()));
        }
        application.register(new HttpMetricsFilter(metrics.server().registry(), HostMetrics.REQUESTS));
        application.register(new MetricsResource(metrics.server()));
        application.register(new InferResource(host));
        application.register(new ActivationsResource(host));
        application.register(new EmbeddingsResource(host));
        application.register(new ModelsResource(host));
        RegistryInstaller installer = registry == null ? null : new RegistryInstaller(host, registry);
        application.register(new BricksResource(host, installer, metrics));
        application.register(new StatusResource(host, registry));
        application.register(new OpenApiResource());
        OpenInferenceApi.register(application, host, installer, metrics);
        JerseyServer http;
        try {
            http = JerseyServer.start(application, address, port, "host-http", limits, access.tls());
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        LOG.info(() -> "host listening url=" + http.uri() + " bricks=" + host.bricks().size() + " tokens="
                + (access.authenticated() ? access.tokens().file() : "off"));
        return new HostServer(http, host, metrics);
    }

    /** Where the host answers, e.g. {@code http://127.0.0.1:8081/}. */
    public URI uri() {
        return http.uri();
    }

    public BrickHost host() {
        return host;
    }

    /** The HTTP server, for its load figures. */
    public JerseyServer http() {
        return http;
    }

    public HostMetrics metrics() {
        return metrics;
    }

    /** Stops accepting, lets running requests finish (up to 10 s), then closes the host. */
    @Override
    public void close() {
        http.close();
        metrics.close();
        host.close();
        LOG.info("host stopped");
    }
}
