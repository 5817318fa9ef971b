package dev.brickyard.http.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A Jersey application served by the JDK's HTTP server, the way both Brickyard servers serve: Nagle's algorithm off,
 * one daemon thread per concurrent request (unbounded: an event-stream subscriber holds its thread while it listens,
 * and a host's requests meet in its embedding batcher), and a shutdown that lets running requests finish.
 *
 * <p>The JDK server rather than Grizzly: Grizzly hangs on a request body sent with the {@code Upgrade: h2c} header
 * that Java's own HttpClient sends by default (jersey#6059, grizzly#1972).
 */
public final class JerseyServer implements AutoCloseable {
    private static final int SHUTDOWN_GRACE_SECONDS = 10;
    /** Jackson as both APIs write it: ISO-8601 times. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HttpServer http;
    private final JdkHttpHandlerContainer container;
    private final ThreadPoolExecutor requests;
    private final URI uri;

    private JerseyServer(HttpServer http, JdkHttpHandlerContainer container, ThreadPoolExecutor requests, URI uri) {
        this.http = http;
        this.container = container;
        this.requests = requests;
        this.uri = uri;
    }

    /**
     * A resource configuration with what both APIs need: no WADL, Jackson without its own exception mappers (they
     * answer malformed JSON in text/plain; the API's problem mapper answers it as a problem) and Jackson writing ISO-8601 times.
     */
    public static ResourceConfig application() {
        ResourceConfig application = new ResourceConfig();
        application.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        application.register(JacksonFeature.withoutExceptionMappers());
        application.register(new JsonProvider());
        return application;
    }

    /**
     * Starts serving {@code application} on {@code address:port} (port 0 for any free one). Resources learn where a
     * request comes from with {@link PeerAddress#of}.
     *
     * @param threadName the request threads are called {@code threadName-1}, {@code threadName-2}, ...
     */
    public static JerseyServer start(ResourceConfig application, String address, int port, String threadName) {
        // The JDK server leaves Nagle's algorithm on, so every response body waited ~40 ms for the client's delayed
        // ACK (measured by bench/RegistryBenchmark); it reads this property when its first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor requests = (ThreadPoolExecutor) Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            // What JdkHttpServerFactory does, but with the context in hand, so that its filter can record the peer
            application.register(new PeerAddress.Handover());
            JdkHttpHandlerContainer container = ContainerFactory.createContainer(JdkHttpHandlerContainer.class,
                    application);
            HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 0);
            http.createContext("/", container).getFilters().add(new PeerAddress.Recorder());
            http.setExecutor(requests);
            http.start();
            container.getApplicationHandler().onStartup(container);
            return new JerseyServer(http, container, requests,
                    URI.create("http://" + address + ":" + http.getAddress().getPort() + "/"));
        } catch (IOException e) {
            requests.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            requests.shutdownNow();
            throw e;
        }
    }

    /** Where the server answers, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return uri;
    }

    /** Stops accepting and lets running requests finish (up to 10 s). */
    @Override
    public void close() {
        // JDK 17's HttpServer.stop(delay) sees that the last exchange has ended only when one ends after the call
        // (JDK-8304065, fixed in JDK 21), so with none in flight it would always wait the whole delay.
        http.stop(settled(requests) ? 0 : SHUTDOWN_GRACE_SECONDS);
        container.getApplicationHandler().onShutdown(container);
        requests.shutdown();
        try {
            requests.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.shutdownNow();
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

    /** Jackson for both APIs. */
    @Provider
    private static final class JsonProvider implements ContextResolver<ObjectMapper> {
        @Override
        public ObjectMapper getContext(Class<?> type) {
            return JSON;
        }
    }
}
