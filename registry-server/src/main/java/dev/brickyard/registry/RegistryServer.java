package dev.brickyard.registry;

import dev.brickyard.api.BrickException;
import dev.brickyard.base.BaseModel;
import dev.brickyard.http.server.HttpMetricsFilter;
import dev.brickyard.http.server.JerseyServer;
import dev.brickyard.http.server.MetricsResource;
import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.blob.FsBlobStore;
import dev.brickyard.registry.download.DownloadCounter;
import dev.brickyard.registry.osgi.RepositoryIndexResource;
import dev.brickyard.registry.publish.Publisher;
import dev.brickyard.registry.resource.AdminAuthentication;
import dev.brickyard.registry.resource.AdminTokensResource;
import dev.brickyard.registry.resource.BricksResource;
import dev.brickyard.registry.resource.DownloadResource;
import dev.brickyard.registry.resource.EventsResource;
import dev.brickyard.registry.resource.HealthResource;
import dev.brickyard.registry.resource.NamespacesResource;
import dev.brickyard.registry.resource.OpenApiResource;
import dev.brickyard.registry.resource.PrivateReads;
import dev.brickyard.registry.resource.ProblemMapper;
import dev.brickyard.registry.resource.ResolveResource;
import dev.brickyard.registry.resource.TagsResource;
import dev.brickyard.registry.resource.TokenResource;
import dev.brickyard.registry.search.SearchIndex;
import dev.brickyard.registry.store.Database;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.registry.web.PagesResource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Set;
import java.util.logging.Logger;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A running registry: Jersey on the JDK's HTTP server over the store, the blob folder and the base model (which validates
 * uploads and embeds cards for semantic search). Stateless apart from its caches, so several can share one
 * PostgreSQL database and one blob folder.
 */
public final class RegistryServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RegistryServer.class.getName());

    private final JerseyServer http;
    private final Registry registry;
    private final EventsResource events;

    private RegistryServer(JerseyServer http, Registry registry, EventsResource events) {
        this.http = http;
        this.registry = registry;
        this.events = events;
    }

    /** Opens the database (migrating it), the blob store and the base model, and starts listening. */
    public static RegistryServer start(RegistryConfig config) throws IOException, BrickException {
        Files.createDirectories(config.data());
        Registry registry = Registry.open(config);
        EventsResource events = new EventsResource(registry.store());
        PublicUrlFilter publicUrl = new PublicUrlFilter(config.publicUrl());
        try {
            ResourceConfig application = application(registry, events, config.trustedProxies(),
                    config.privateReads());
            application.register(publicUrl);
            JerseyServer http = JerseyServer.start(application, config.host(), config.port(), "registry-http",
                    config.serverLimits());
            publicUrl.listening(listening(config.host(), http.uri()));
            LOG.info(() -> "registry listening url=" + http.uri() + " database=" + registry.database().url()
                    + " data=" + config.data().toAbsolutePath());
            return new RegistryServer(http, registry, events);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /**
     * Where a registry listening on {@code host} can be reached: its own address, or {@code localhost} when it
     * listens on every interface (there {@code --public-url} should say the name clients use).
     */
    private static URI listening(String host, URI bound) {
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        return wildcard ? URI.create("http://localhost:" + bound.getPort() + "/") : bound;
    }

    static ResourceConfig application(Registry registry, EventsResource events, Set<InetAddress> trustedProxies,
                                      boolean privateReads) {
        ResourceConfig application = JerseyServer.application();
        // No output buffering in Jersey: the event stream must reach clients as it is written, and on the JDK
        // server a buffered response that outgrows the buffer is sent chunked anyway. Bodies are then sent chunked,
        // which every HTTP/1.1 client reads.
        application.property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
        application.register(ProblemMapper.class);
        application.register(RequestLog.class);
        if (privateReads) {
            application.register(new PrivateReads(registry.tokens()));
        }
        application.register(new HttpMetricsFilter(registry.metrics().server().registry(), RegistryMetrics.REQUESTS));
        application.register(new MetricsResource(registry.metrics().server()));
        application.register(new BricksResource(registry.store(), registry.index(), registry.publisher(),
                registry.tokens(), registry.metrics()));
        application.register(new DownloadResource(registry.store(), registry.blobs(), registry.tokens(),
                registry.downloads(), trustedProxies, registry.metrics()));
        application.register(new TagsResource(registry.store(), registry.tokens()));
        application.register(new ResolveResource(registry.store()));
        application.register(new TokenResource(registry.tokens()));
        application.register(new NamespacesResource(registry.store(), registry.tokens()));
        application.register(new AdminAuthentication(registry.tokens()));
        application.register(new AdminTokensResource(registry.tokens(), registry.store()));
        application.register(events);
        application.register(new RepositoryIndexResource(registry.store()));
        application.register(new HealthResource(registry.database()));
        application.register(new OpenApiResource());
        application.register(new PagesResource(registry.store(), registry.index()));
        return application;
    }

    /** Where the registry answers, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return http.uri();
    }

    /** The services behind the API, for the CLI and tests. */
    public Registry registry() {
        return registry;
    }

    /** Stops accepting, lets running requests finish (up to 10 s), then closes everything. */
    @Override
    public void close() {
        events.stop();
        http.close();
        registry.close();
        LOG.info("registry stopped");
    }

    /**
     * The services a registry is made of, owned and closed together.
     *
     * @param baseModel the full-precision model: validates uploads and embeds cards, the keys search ranks by
     * @param queryModel the model that embeds search queries ({@link RegistryConfig#queryModel()}), one run at a
     *                   time per request on one ONNX Runtime thread that does not spin (see {@link #QUERY_THREADS})
     */
    public record Registry(Database database, JdbcBrickStore store, FsBlobStore blobs, BaseModel baseModel,
                           BaseModel queryModel, SearchIndex index, Publisher publisher, Tokens tokens,
                           DownloadCounter downloads, RegistryMetrics metrics)
            implements AutoCloseable {
        /**
         * ONNX Runtime threads per query embedding. A query is a handful of tokens: at batch 1 a second thread saves
         * little when the machine is idle and costs much when request threads (or other work) want the cores, as
         * they do on a server; spinning threads would take the CPU from the request threads outright.
         */
        public static final int QUERY_THREADS = 1;

        static Registry open(RegistryConfig config) throws IOException, BrickException {
            String url = config.databaseUrl() != null ? config.databaseUrl() : Database.h2Url(config.data());
            Database database = Database.open(url, config.databaseUser(), config.databasePassword());
            BaseModel baseModel = null;
            BaseModel queryModel = null;
            try {
                JdbcBrickStore store = new JdbcBrickStore(database);
                FsBlobStore blobs = new FsBlobStore(config.data());
                baseModel = BaseModel.load();
                queryModel = BaseModel.load(config.queryModel(), QUERY_THREADS, false);
                SearchIndex index = new SearchIndex(store, queryModel);
                index.refresh();
                return new Registry(database, store, blobs, baseModel, queryModel, index,
                        new Publisher(store, blobs, baseModel, index, config.maxUploadBytes()), new Tokens(store),
                        new DownloadCounter(store, Clock.systemUTC()), new RegistryMetrics(store));
            } catch (IOException | BrickException | RuntimeException e) {
                if (queryModel != null) {
                    queryModel.close();
                }
                if (baseModel != null) {
                    baseModel.close();
                }
                database.close();
                throw e;
            }
        }

        @Override
        public void close() {
            metrics.close();
            queryModel.close();
            baseModel.close();
            store.close();
        }
    }
}
