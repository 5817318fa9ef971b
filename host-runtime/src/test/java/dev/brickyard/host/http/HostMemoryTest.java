package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.base.BaseModel;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs, uses and uninstalls bricks over HTTP hundreds of times and checks that the process's resident memory
 * returns to where it started: uploads, staged files, ONNX Runtime sessions and bundles must all be let go.
 */
class HostMemoryTest {
    // Resident memory still creeps up for a few hundred cycles (allocator arenas, JIT) before it levels off.
    static final int WARM_UP_CYCLES = 250;
    static final int CYCLES = 200;
    static final double ALLOWED_GROWTH = 0.05;
    static final int HEAD_LABELS = 1000;
    static final int FACTS = 2000;
    static final int SETTLED_READINGS = 10;
    static final Duration SETTLE_DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path jars;

    @Test
    void installInferAndUninstallOverHttpManyTimesDoesNotGrowResidentMemory() throws Exception {
        String[] labels = IntStream.range(0, HEAD_LABELS).mapToObj(i -> "label-" + i).toArray(String[]::new);
        Path head = BrickJar.head("acme/wide-head", "1.0.0", labels).writeTo(jars);
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < FACTS; i++) {
            facts.put("question number " + i, "answer number " + i + " with a little more text to store");
        }
        Path knowledge = BrickJar.knowledge("acme/many-facts", "1.0.0", facts).writeTo(jars);
        List<Path> bricks = List.of(head, knowledge);
        List<String> ids = List.of("acme/wide-head", "acme/many-facts");

        try (HostServer server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null)) {
            HostClient client = new HostClient(server.uri());
            cycle(client, bricks, ids, WARM_UP_CYCLES);
            long before = residentBytes();
            cycle(client, bricks, ids, CYCLES);
            long after = residentBytes();
            System.out.printf("resident memory %d MB -> %d MB over %d HTTP install/infer/uninstall cycles "
                    + "(heap committed %d MB)%n", before >> 20, after >> 20, CYCLES,
                    Runtime.getRuntime().totalMemory() >> 20);

            long weightsPerPair = (long) BaseModel.DIM * HEAD_LABELS * Float.BYTES
                    + (long) BaseModel.DIM * FACTS * Float.BYTES;
            long leakIfBricksStayed = CYCLES / 2 * weightsPerPair;
            assertTrue(leakIfBricksStayed > 4 * ALLOWED_GROWTH * before, "the bricks are too small to show a leak: "
                    + (leakIfBricksStayed >> 20) + " MB against a margin of "
                    + (long) (ALLOWED_GROWTH * before) / (1 << 20) + " MB");
            assertTrue(after <= (1 + ALLOWED_GROWTH) * before, "resident memory grew from " + (before >> 20)
                    + " MB to " + (after >> 20) + " MB over " + CYCLES + " install/infer/uninstall cycles");
            assertEquals("{\"items\":[]}", client.get("v1/bricks").body());
            assertEquals(0, server.host().drainingBricks(), "no uninstalled brick is still loaded");
            assertEquals(List.of(), server.host().osgiBundles(), "no bundle is left in the framework");
            try (var staged = Files.list(server.host().stagingFolder())) {
                assertEquals(0, staged.count(), "no upload is left in the staging folder");
            }
        }
    }

    /** Alternates the bricks: install over HTTP, one inference that uses the brick, uninstall. */
    private static void cycle(HostClient client, List<Path> bricks, List<String> ids, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            Path jar = bricks.get(i % bricks.size());
            String id = ids.get(i % ids.size());
            HostClient.Answer installed = client.postBundle("v1/bricks", jar);
            assertEquals(201, installed.status(), installed.toString());
            HostClient.Answer answer = client.post("v1/infer", "{\"text\": \"question number 7\", \"bricks\": [\""
                    + id + "\"]}");
            assertEquals(200, answer.status(), answer.toString());
            assertTrue(answer.json().path("results").get(0).path("answers").get(0).path("error").isMissingNode(),
                    answer.toString());
            HostClient.Answer removed = client.delete("v1/bricks/" + id);
            assertEquals(204, removed.status(), removed.toString());
        }
    }

    /**
     * VmRSS of this process once collecting no longer shrinks it. The JVM gives heap back to the system in the
     * background some time after a collection, so one reading right after {@code System.gc()} may still count heap
     * that is about to go, which would hide native memory a leak kept; collect and read until the smallest reading
     * has not dropped by a megabyte for {@value #SETTLED_READINGS} readings in a row (or the deadline passes).
     */
    private static long residentBytes() throws Exception {
        long deadline = System.nanoTime() + SETTLE_DEADLINE.toNanos();
        long smallest = Long.MAX_VALUE;
        int unchanged = 0;
        while (unchanged < SETTLED_READINGS && System.nanoTime() < deadline) {
            System.gc();
            long now = vmRss();
            unchanged = smallest - now >= 1 << 20 ? 0 : unchanged + 1;
            smallest = Math.min(smallest, now);
        }
        return smallest;
    }

    private static long vmRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
