package dev.brickyard.http.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import javax.net.ssl.SSLContext;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A Jersey application served by the JDK's HTTP server, the way both Brickyard servers serve: Nagle's algorithm off,
 * every request within the server's {@link ServerLimits} (bounded threads, workers and queue, header and body
 * timeouts, body sizes; see {@link RequestGuard}), and a shutdown that lets running requests finish.
 *
 * <p>The JDK server rather than Grizzly: Grizzly hangs on a request body sent with the {@code Upgrade: h2c} header
 * that Java's own HttpClient sends by default (jersey#6059, grizzly#1972).
 */
public final class JerseyServer implements AutoCloseable {
    static final int SHUTDOWN_GRACE_SECONDS = 10;
    /**
     * Connections the kernel holds for the server before it accepts them. The JDK's default (50) made clients wait
     * seconds for a connection, their SYNs dropped, while a burst of 2,000 was being accepted.
     */
    private static final int BACKLOG = 1024;
    /** Jackson as both APIs write it: ISO-8601 times. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HttpServer http;
    private final RequestGuard requests;
    private final JdkHttpHandlerContainer container;
    private final URI uri;

    private JerseyServer(HttpServer http, RequestGuard requests, JdkHttpHandlerContainer container, URI uri) {
        this.http = http;
        this.requests = requests;
        this.container = container;
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
     * Starts serving {@code application} on {@code address:port} (port 0 for any free one) within {@code limits}.
     * Resources learn where a request comes from with {@link PeerAddress#of}.
     *
     * @param threadName the request threads are called {@code threadName-1}, {@code threadName-2}, ...
     */
    public static JerseyServer start(ResourceConfig application, String address, int port, String threadName,
                                     ServerLimits limits) {
        return start(application, address, port, threadName, limits, null);
    }

    /**
     * Starts serving {@code application} on {@code address:port} (port 0 for any free one) within {@code limits}, over
     * HTTPS when {@code tls} is given (see {@link ServerTls}).
     *
     * @param threadName the request threads are called {@code threadName-1}, {@code threadName-2}, ...
     * @param tls the server's TLS context, or null for plain HTTP
     */
    public static JerseyServer start(ResourceConfig application, String address, int port, String threadName,
                                     ServerLimits limits, SSLContext tls) {
        // The JDK server leaves Nagle's algorithm on, so every response body waited ~40 ms for the client's delayed
        // ACK (measured by bench/RegistryBenchmark); it reads this property when its first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // After answering a request whose body was not read to its end, the JDK server would read up to 64 KiB of the
        // rest to keep the connection, blocking its thread with no timeout on a client that sends nothing more; it
        // closes the connection instead. BodyRestFilter reads the rest of bodies that were read from, under the
        // body timeout, so those connections stay open.
        System.setProperty("sun.net.httpserver.drainAmount", "0");
        RequestGuard requests = new RequestGuard(limits, threadName);
        application.register(new BodyLimitFilter(limits));
        application.register(new BodyRestFilter());
        application.register(new AdmissionFilter(requests));
        if (limits.clientRate() > 0) {
            application.register(new RateLimitFilter(new ClientRateLimiter(limits.clientRate())));
        }
        application.register(new PeerAddress.Handover());
        JdkHttpHandlerContainer container = ContainerFactory.createContainer(JdkHttpHandlerContainer.class,
                application);
        try {
            HttpServer http;
            if (tls == null) {
                http = HttpServer.create(new InetSocketAddress(address, port), BACKLOG);
            } else {
                HttpsServer https = HttpsServer.create(new InetSocketAddress(address, port), BACKLOG);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                http = https;
            }
            HttpContext root = http.createContext("/", container);
            root.getFilters().add(RequestGuard.HEADERS_READ);
            root.getFilters().add(new PeerAddress.Recorder());
            http.setExecutor(requests);
            http.start();
            container.getApplicationHandler().onStartup(container);
            String scheme = tls == null ? "http" : "https";
            return new JerseyServer(http, requests, container,
                    URI.create(scheme + "://" + address + ":" + http.getAddress().getPort() + "/"));
        } catch (IOException e) {
            requests.close();
            throw new UncheckedIOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            requests.close();
            throw e;
        }
    }

    /** Where the server answers, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return uri;
    }

    /** Requests being handled now, not counting {@link AlwaysAdmitted} ones. */
    public int busyWorkers() {
        return requests.busyWorkers();
    }

    /** Threads serving now, reading headers, waiting for a worker or working. */
    public int threads() {
        return requests.threads();
    }

    /** Connections closed so far because their headers or body came too slowly. */
    public int closedSlowConnections() {
        return requests.closedSlow();
    }

    /** Stops accepting and lets running requests finish (up to 10 s). */
    @Override
    public void close() {
        // JDK 17's HttpServer.stop(delay) sees that the last exchange has ended only when one ends after the call
        // (JDK-8304065, fixed in JDK 21), so with none in flight it would always wait the whole delay.
        http.stop(requests.settled() ? 0 : SHUTDOWN_GRACE_SECONDS);
        requests.close();
        container.getApplicationHandler().onShutdown(container);
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
