package dev.brickyard.host.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.host.registry.RegistrySource;
import jakarta.ws.rs.ext.ContextResolver;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A host serving HTTP: Jersey on the JDK's HTTP server, one thread per concurrent request (they meet in the
 * embedding batcher). Owns the {@link BrickHost} it serves and closes it last.
 */
public final class HostServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostServer.class.getName());
    private static final int SHUTDOWN_GRACE_SECONDS = 10;

    private final HttpServer http;
    private final ThreadPoolExecutor requests;
    private final BrickHost host;
    private final HostMetrics metrics;
    private final URI uri;

    private HostServer(HttpServer http, ThreadPoolExecutor requests, BrickHost host, HostMetrics metrics, URI uri) {
        this.http = http;
        this.requests = requests;
        this.host = host;
        this.metrics = metrics;
        this.uri = uri;
    }

    /**
     * Starts serving {@code host} on {@code address:port} (port 0 for any free one).
     *
     * @param registry where {@code POST /v1/bricks {"ref": ...}} resolves references, or null for none
     */
    public static HostServer start(BrickHost host, String address, int port, RegistrySource registry) {
        // As in the registry: without TCP_NODELAY every response waits ~40 ms for the client's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HostMetrics metrics = new HostMetrics();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor requests = (ThreadPoolExecutor) Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "host-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ResourceConfig application = new ResourceConfig();
        application.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        // Jackson's own mappers answer malformed JSON in text/plain; ProblemMapper answers it as a problem.
        application.register(JacksonFeature.withoutExceptionMappers());
        application.register(new Json());
        application.register(ProblemMapper.class);
        application.register(new MetricsFilter(metrics));
        application.register(new InferResource(host));
        application.register(new ActivationsResource(host));
        application.register(new BricksResource(host, registry == null ? null : new RegistryInstaller(host, registry),
                metrics));
        application.register(new StatusResource(host, registry, metrics));
        application.register(new OpenApiResource());
        HttpServer http = JdkHttpServerFactory.createHttpServer(URI.create("http://" + address + ":" + port + "/"),
                application, false);
        http.setExecutor(requests);
        http.start();
        URI uri = URI.create("http://" + address + ":" + http.getAddress().getPort() + "/");
        LOG.info(() -> "host listening url=" + uri + " bricks=" + host.bricks().size());
        return new HostServer(http, requests, host, metrics, uri);
    }

    /** Where the host answers, e.g. {@code http://127.0.0.1:8081/}. */
    public URI uri() {
        return uri;
    }

    public BrickHost host() {
        return host;
    }

    public HostMetrics metrics() {
        return metrics;
    }

    /** Stops accepting, lets running requests finish (up to 10 s), then closes the host. */
    @Override
    public void close() {
        // JDK 17's HttpServer.stop(delay) waits the whole delay when no exchange is in flight (JDK-8304065).
        http.stop(settled(requests) ? 0 : SHUTDOWN_GRACE_SECONDS);
        requests.shutdown();
        try {
            requests.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.shutdownNow();
        host.close();
        LOG.info("host stopped");
    }

    /**
     * Whether no request is running, waiting up to a second for ones that have sent their answer but whose thread is
     * still finishing (so that a request just answered does not cost the whole grace period).
     */
    private static boolean settled(ThreadPoolExecutor requests) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (requests.getActiveCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return requests.getActiveCount() == 0;
    }

    /** Jackson for the API: ISO-8601 times. */
    @jakarta.ws.rs.ext.Provider
    static final class Json implements ContextResolver<ObjectMapper> {
        static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        @Override
        public ObjectMapper getContext(Class<?> type) {
            return MAPPER;
        }
    }
}
