package dev.brickyard.host.http;

import dev.brickyard.host.BrickHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The host's metrics in the Prometheus text format ({@code GET /metrics}): requests by endpoint and status, a
 * latency histogram per endpoint, brick changes by operation and outcome, and gauges read from the host when
 * scraped (bricks loaded and draining, brick memory, batching, the process's resident memory).
 */
public final class HostMetrics {
    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> changes = new ConcurrentHashMap<>();

    private static final class Histogram {
        final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length + 1);
        final AtomicLong count = new AtomicLong();
        final AtomicLong sumNanos = new AtomicLong();

        void observe(long nanos) {
            double seconds = nanos / 1e9;
            int bucket = 0;
            while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
                bucket++;
            }
            counts.incrementAndGet(bucket);
            count.incrementAndGet();
            sumNanos.addAndGet(nanos);
        }
    }

    /** Records one answered request. */
    public void request(String endpoint, int status, long nanos) {
        requests.computeIfAbsent(labels("endpoint", endpoint, "status", String.valueOf(status)), k -> new AtomicLong())
                .incrementAndGet();
        latencies.computeIfAbsent(labels("endpoint", endpoint), k -> new Histogram()).observe(nanos);
    }

    /** Records an install, swap, rollback or uninstall, and whether it succeeded. */
    public void change(String operation, boolean succeeded) {
        changes.computeIfAbsent(labels("operation", operation, "outcome", succeeded ? "ok" : "failed"),
                k -> new AtomicLong()).incrementAndGet();
    }

    /** The exposition text. */
    public String scrape(BrickHost host) {
        StringBuilder text = new StringBuilder();
        counter(text, "brickyard_host_requests_total", "HTTP requests answered.", requests);
        text.append("# HELP brickyard_host_request_duration_seconds Time to answer an HTTP request.\n")
                .append("# TYPE brickyard_host_request_duration_seconds histogram\n");
        new TreeMap<>(latencies).forEach((labels, histogram) -> {
            long cumulative = 0;
            String inner = labels.substring(1, labels.length() - 1);
            for (int i = 0; i <= BUCKETS.length; i++) {
                cumulative += histogram.counts.get(i);
                String bound = i < BUCKETS.length ? String.valueOf(BUCKETS[i]) : "+Inf";
                text.append("brickyard_host_request_duration_seconds_bucket{").append(inner).append(",le=\"")
                        .append(bound).append("\"} ").append(cumulative).append('\n');
            }
            text.append("brickyard_host_request_duration_seconds_sum").append(labels).append(' ')
                    .append(String.format(Locale.ROOT, "%.6f", histogram.sumNanos.get() / 1e9)).append('\n');
            text.append("brickyard_host_request_duration_seconds_count").append(labels).append(' ')
                    .append(histogram.count.get()).append('\n');
        });
        counter(text, "brickyard_host_brick_changes_total", "Installs, swaps, rollbacks and uninstalls.", changes);
        gauge(text, "brickyard_host_bricks_loaded", "Bricks installed.", host.bricks().size());
        gauge(text, "brickyard_host_bricks_draining",
                "Bricks swapped out or uninstalled that still finish earlier requests.", host.drainingBricks());
        gauge(text, "brickyard_host_brick_memory_bytes", "Bytes of weights of the installed bricks.",
                host.brickMemoryBytes());
        gauge(text, "brickyard_host_brick_memory_budget_bytes", "The brick memory budget; 0 for none.",
                host.options().brickMemoryBytes());
        gauge(text, "brickyard_host_brick_set_generation", "Changes made to the set of bricks since start.",
                host.generation());
        text.append("# HELP brickyard_host_base_model_runs_total Base-model runs for requests (each a batch).\n")
                .append("# TYPE brickyard_host_base_model_runs_total counter\n")
                .append("brickyard_host_base_model_runs_total ").append(host.batchStatistics().runs()).append('\n');
        text.append("# HELP brickyard_host_base_model_texts_total Texts embedded in those runs.\n")
                .append("# TYPE brickyard_host_base_model_texts_total counter\n")
                .append("brickyard_host_base_model_texts_total ").append(host.batchStatistics().texts()).append('\n');
        long rss = residentBytes();
        if (rss >= 0) {
            gauge(text, "process_resident_memory_bytes", "Resident memory of the host process.", rss);
        }
        return text.toString();
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

    private static void counter(StringBuilder text, String name, String help, Map<String, AtomicLong> values) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(values).forEach((labels, value) -> text.append(name).append(labels).append(' ')
                .append(value.get()).append('\n'));
    }

    private static void gauge(StringBuilder text, String name, String help, long value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value).append('\n');
    }

    private static String labels(String... pairs) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(pairs[i]).append("=\"").append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return text.append('}').toString();
    }
}
