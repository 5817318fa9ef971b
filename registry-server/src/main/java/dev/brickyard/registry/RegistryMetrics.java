package dev.brickyard.registry;

import dev.brickyard.http.server.ServerMetrics;
import dev.brickyard.registry.store.BrickStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The registry's metrics: the server's (JVM, HTTP requests as {@code brickyard_registry_requests_seconds}) and its
 * own, {@code brickyard_registry_bricks} and {@code _versions} (read from the database when scraped),
 * {@code brickyard_registry_publishes_total{outcome="created|unchanged"}}, {@code brickyard_registry_downloads_total}
 * (answers that sent bundle bytes, before the once-per-client-and-day rule of the ranking) and
 * {@code brickyard_registry_search_seconds}.
 */
public final class RegistryMetrics implements AutoCloseable {
    /** The HTTP timer's name. */
    public static final String REQUESTS = "brickyard.registry.requests";

    private final ServerMetrics server = new ServerMetrics();
    private final Counter created;
    private final Counter unchanged;
    private final Counter downloads;
    private final Timer search;

    public RegistryMetrics(BrickStore store) {
        Gauge.builder("brickyard.registry.bricks", store, BrickStore::brickCount)
                .description("Bricks published, yanked ones included.").register(server.registry());
        Gauge.builder("brickyard.registry.versions", store, BrickStore::versionCount)
                .description("Versions published, yanked ones included.").register(server.registry());
        created = publishes("created");
        unchanged = publishes("unchanged");
        downloads = Counter.builder("brickyard.registry.downloads")
                .description("Download answers that sent bundle bytes (whole or a range).").register(server.registry());
        search = Timer.builder("brickyard.registry.search").description("Time to rank the bricks for a search.")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(server.registry());
    }

    private Counter publishes(String outcome) {
        return Counter.builder("brickyard.registry.publishes").tag("outcome", outcome)
                .description("Publishes accepted: a new version, or the same bytes again.").register(server.registry());
    }

    /** The server's metrics, which {@code /metrics} serves. */
    public ServerMetrics server() {
        return server;
    }

    /** Records an accepted publish. */
    public void published(boolean newVersion) {
        (newVersion ? created : unchanged).increment();
    }

    /** Records a download answer that sends bytes. */
    public void downloaded() {
        downloads.increment();
    }

    /** Runs and times a search. */
    public <T> T search(Supplier<T> ranking) {
        return search.record(ranking);
    }

    @Override
    public void close() {
        server.close();
    }
}
