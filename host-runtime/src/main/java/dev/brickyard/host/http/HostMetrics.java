package dev.brickyard.host.http;

import dev.brickyard.host.BrickHost;
import dev.brickyard.http.server.ServerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's metrics, served in the Prometheus text format at {@code GET /metrics}: the server's (JVM, HTTP requests
 * as {@code brickyard_host_requests_seconds} by method, route and status), brick changes by operation and outcome,
 * and gauges read from the host when scraped (bricks loaded and draining, brick memory, batching, the process's
 * resident memory).
 */
public final class HostMetrics implements AutoCloseable {
    /** The HTTP timer's name. */
    public static final String REQUESTS = "brickyard.host.requests";

    private final ServerMetrics server = new ServerMetrics();

    public HostMetrics(BrickHost host) {
        MeterRegistry registry = server.registry();
        Gauge.builder("brickyard.host.bricks.loaded", host, served -> served.bricks().size())
                .description("Bricks installed.").register(registry);
        Gauge.builder("brickyard.host.bricks.draining", host, BrickHost::drainingBricks)
                .description("Bricks swapped out or uninstalled that still finish earlier requests.")
                .register(registry);
        Gauge.builder("brickyard.host.brick.memory", host, BrickHost::brickMemoryBytes).baseUnit("bytes")
                .description("Bytes of weights of the installed bricks.").register(registry);
        Gauge.builder("brickyard.host.brick.memory.budget", host, served -> served.options().brickMemoryBytes())
                .baseUnit("bytes").description("The brick memory budget; 0 for none.").register(registry);
        Gauge.builder("brickyard.host.brick.set.generation", host, BrickHost::generation)
                .description("Changes made to the set of bricks since start.").register(registry);
        FunctionCounter.builder("brickyard.host.base.model.runs", host, served -> served.batchStatistics().runs())
                .description("Base-model runs for requests (each a batch).").register(registry);
        FunctionCounter.builder("brickyard.host.base.model.texts", host,
                        served -> served.batchStatistics().texts())
                .description("Texts embedded in those runs.").register(registry);
        Gauge.builder("process.resident.memory", () -> {
            long resident = residentBytes();
            return resident < 0 ? Double.NaN : resident;
        }).baseUnit("bytes").description("Resident memory of the host process.").register(registry);
    }

    /** The server's metrics, which {@code /metrics} serves. */
    public ServerMetrics server() {
        return server;
    }

    /** Records an install, swap, rollback or uninstall, and whether it succeeded. */
    public void change(String operation, boolean succeeded) {
        Counter.builder("brickyard.host.brick.changes").description("Installs, swaps, rollbacks and uninstalls.")
                .tag("operation", operation).tag("outcome", succeeded ? "ok" : "failed")
                .register(server.registry()).increment();
    }

    /** VmRSS from /proc/self/status, or -1 where there is no /proc. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        server.close();
    }
}
