package dev.brickyard.registry;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.brickyard.api.BrickException;
import dev.brickyard.base.BaseModel;
import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.blob.FsBlobStore;
import dev.brickyard.registry.publish.Publisher;
import dev.brickyard.registry.resource.BricksResource;
import dev.brickyard.registry.resource.DownloadResource;
import dev.brickyard.registry.resource.EventsResource;
import dev.brickyard.registry.resource.ProblemMapper;
import dev.brickyard.registry.resource.ResolveResource;
import dev.brickyard.registry.resource.TokenResource;
import dev.brickyard.registry.search.SearchIndex;
import dev.brickyard.registry.store.Database;
import dev.brickyard.registry.store.JdbcBrickStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import com.sun.net.httpserver.HttpServer;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * A running registry: Jersey on the JDK's HTTP server over the store, the blob folder and the base model (which validates
 * uploads and embeds cards for semantic search). Stateless apart from its caches, so several can share one
 * PostgreSQL database and one blob folder.
 */
public final class RegistryServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RegistryServer.class.getName());
    private static final long SHUTDOWN_GRACE_SECONDS = 10;

    private final HttpServer http;
    private final ThreadPoolExecutor requests;
    private final Registry registry;
    private final EventsResource events;
    private final URI uri;

    private RegistryServer(HttpServer http, ThreadPoolExecutor requests, Registry registry, EventsResource events,
                           URI uri) {
        this.http = http;
        this.requests = requests;
        this.registry = registry;
        this.events = events;
        this.uri = uri;
    }

    /** Opens the database (migrating it), the blob store and the base model, and starts listening. */
    public static RegistryServer start(RegistryConfig config) throws IOException, BrickException {
        // The JDK server leaves Nagle's algorithm on, so every response body waited ~40 ms for the client's
        // delayed ACK (measured by bench/RegistryBenchmark); it reads this property when its first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Files.createDirectories(config.data());
        Registry registry = Registry.open(config);
        // Unbounded: each event-stream subscriber holds a thread for as long as it listens.
        ThreadPoolExecutor requests = (ThreadPoolExecutor) Executors.newCachedThreadPool(daemon("registry-http"));
        EventsResource events = new EventsResource(registry.store());
        try {
            ResourceConfig application = application(registry, events);
            URI requested = URI.create("http://" + config.host() + ":" + config.port() + "/");
            HttpServer http = JdkHttpServerFactory.createHttpServer(requested, application, false);
            http.setExecutor(requests);
            http.start();
            URI uri = URI.create("http://" + config.host() + ":" + http.getAddress().getPort() + "/");
            LOG.info(() -> "registry listening url=" + uri + " database=" + registry.database().url() + " data="
                    + config.data().toAbsolutePath());
            return new RegistryServer(http, requests, registry, events, uri);
        } catch (RuntimeException e) {
            requests.shutdownNow();
            registry.close();
            throw e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static ResourceConfig application(Registry registry, EventsResource events) {
        ResourceConfig application = new ResourceConfig();
        application.property(org.glassfish.jersey.server.ServerProperties.WADL_FEATURE_DISABLE, true);
        // No output buffering in Jersey: the event stream must reach clients as it is written, and on the JDK
        // server a buffered response that outgrows the buffer is sent chunked anyway. Bodies are then sent chunked,
        // which every HTTP/1.1 client reads.
        application.property(org.glassfish.jersey.server.ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
        // Jackson's own exception mappers answer malformed JSON in text/plain; ProblemMapper answers it as a problem.
        application.register(JacksonFeature.withoutExceptionMappers());
        application.register(new ObjectMapperProvider());
        application.register(ProblemMapper.class);
        application.register(RequestLog.class);
        application.register(new BricksResource(registry.store(), registry.index(), registry.publisher(),
                registry.tokens()));
        application.register(new DownloadResource(registry.store(), registry.blobs()));
        application.register(new ResolveResource(registry.store()));
        application.register(new TokenResource(registry.tokens()));
        application.register(events);
        application.register(new dev.brickyard.registry.osgi.RepositoryIndexResource(registry.store()));
        application.register(new dev.brickyard.registry.resource.OpenApiResource());
        application.register(new dev.brickyard.registry.web.PagesResource(registry.store(), registry.index()));
        return application;
    }

    /** Where the registry answers, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return uri;
    }

    /** The services behind the API, for the CLI and tests. */
    public Registry registry() {
        return registry;
    }

    /** Stops accepting, lets running requests finish (up to 10 s), then closes everything. */
    @Override
    public void close() {
        events.stop();
        // JDK 17's HttpServer.stop(delay) sees that the last exchange has ended only when one ends after the call
        // (JDK-8304065, fixed in JDK 21), so with none in flight it would always wait the whole delay.
        http.stop(settled(requests) ? 0 : (int) SHUTDOWN_GRACE_SECONDS);
        requests.shutdown();
        try {
            requests.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.shutdownNow();
        registry.close();
        LOG.info("registry stopped");
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

    /** Jackson for the API: ISO-8601 timestamps, no nulls in problem documents. */
    @jakarta.ws.rs.ext.Provider
    static final class ObjectMapperProvider implements jakarta.ws.rs.ext.ContextResolver<com.fasterxml.jackson.databind.ObjectMapper> {
        private final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        @Override
        public com.fasterxml.jackson.databind.ObjectMapper getContext(Class<?> type) {
            return mapper;
        }
    }

    /** The services a registry is made of, owned and closed together. */
    public record Registry(Database database, JdbcBrickStore store, FsBlobStore blobs, BaseModel baseModel,
                           SearchIndex index, Publisher publisher, Tokens tokens) implements AutoCloseable {

        static Registry open(RegistryConfig config) throws IOException, BrickException {
            String url = config.databaseUrl() != null ? config.databaseUrl() : Database.h2Url(config.data());
            Database database = Database.open(url, config.databaseUser(), config.databasePassword());
            BaseModel baseModel = null;
            try {
                JdbcBrickStore store = new JdbcBrickStore(database);
                FsBlobStore blobs = new FsBlobStore(config.data());
                baseModel = BaseModel.load();
                SearchIndex index = new SearchIndex(store, baseModel);
                index.refresh();
                return new Registry(database, store, blobs, baseModel, index,
                        new Publisher(store, blobs, baseModel, index, config.maxUploadBytes()), new Tokens(store));
            } catch (IOException | BrickException | RuntimeException e) {
                if (baseModel != null) {
                    baseModel.close();
                }
                database.close();
                throw e;
            }
        }

        @Override
        public void close() {
            baseModel.close();
            store.close();
        }
    }
}
