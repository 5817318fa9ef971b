package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on a real registry: JVM metrics, requests by route template (never the raw path), the
 * registry's own counts, and text that Prometheus's own checker ({@code promtool check metrics}) accepts.
 */
class RegistryMetricsTest {
    @TempDir
    static Path data;
    static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(RegistryConfig.embedded(data, 0));
        BrickJar brick = BrickJar.head("acme/measured", "1.0.0", "negative", "positive");
        byte[] bytes = brick.bytes();
        assertEquals(201, registry.publish("acme/measured", "1.0.0", bytes, registry.token()).statusCode());
        assertEquals(200, registry.publish("acme/measured", "1.0.0", bytes, registry.token()).statusCode());
        assertEquals(200, registry.get("v1/bricks?q=measured").statusCode());
        assertEquals(200, registry.get("v1/bricks/acme/measured/1.0.0/download").statusCode());
        assertEquals(404, registry.get("v1/no/such/path-1234").statusCode());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static String scrape() throws Exception {
        HttpResponse<String> answer = registry.get("metrics");
        assertEquals(200, answer.statusCode(), answer.body());
        String type = answer.headers().firstValue("Content-Type").orElse("").replace(" ", "");
        assertTrue(type.startsWith("text/plain;") && type.contains("version=0.0.4"), type);
        return answer.body();
    }

    private static double value(String text, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertTrue(matcher.find(), "no series " + series + " in\n" + text);
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void servesJvmMetrics() throws Exception {
        String text = scrape();
        for (String name : new String[] {"jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
            "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds", "system_cpu_processors"}) {
            assertTrue(text.contains("\n" + name), name);
        }
    }

    @Test
    void countsRequestsByRouteTemplateNeverByRawPath() throws Exception {
        String text = scrape();
        assertEquals(1, value(text, "brickyard_registry_requests_seconds_count{method=\"PUT\","
                + "route=\"/v1/bricks/{namespace}/{name}/{version}\",status=\"201\"}"));
        assertEquals(1, value(text, "brickyard_registry_requests_seconds_count{method=\"GET\","
                + "route=\"/v1/bricks/{namespace}/{name}/{version}/download\",status=\"200\"}"));
        assertTrue(value(text, "brickyard_registry_requests_seconds_count{method=\"GET\",route=\"unmatched\","
                + "status=\"404\"}") >= 1);
        assertTrue(text.contains("brickyard_registry_requests_seconds_bucket{method=\"GET\",route=\"/v1/bricks\","
                + "status=\"200\",le=\"0.001\"}"), "a latency histogram");
        assertFalse(text.contains("path-1234") || text.contains("acme/measured"), "no raw path in a label");
    }

    @Test
    void countsTheRegistrysOwnWork() throws Exception {
        String text = scrape();
        assertEquals(1, value(text, "brickyard_registry_bricks"));
        assertEquals(1, value(text, "brickyard_registry_versions"));
        assertEquals(1, value(text, "brickyard_registry_publishes_total{outcome=\"created\"}"));
        assertEquals(1, value(text, "brickyard_registry_publishes_total{outcome=\"unchanged\"}"));
        assertEquals(1, value(text, "brickyard_registry_downloads_total"));
        assertTrue(value(text, "brickyard_registry_search_seconds_count") >= 1);
    }

    /** promtool from Debian's prometheus package; CI installs it, so there it must be present. */
    @Test
    void prometheusAcceptsTheExposition() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || Files.isExecutable(promtool), "promtool is not installed here (CI requires it)");
        assertTrue(Files.isExecutable(promtool), "CI=true but /usr/bin/promtool is missing: install prometheus");
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(scrape().getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, check.exitValue(), "promtool check metrics:\n" + output);
    }

}
