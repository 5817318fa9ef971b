package dev.brickyard.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.fixtures.BrickJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads and unloads a brick hundreds of times and checks that the process's resident memory comes back: every
 * ONNX Runtime session a brick opens (and the verifier's throw-away one) must be closed, not left to the GC.
 */
class BrickMemoryTest {
    static final int CYCLES = 300;
    static final long ALLOWED_GROWTH_BYTES = 24L << 20;

    @TempDir
    Path jars;

    @Test
    void installAndUninstallManyTimesDoesNotGrowResidentMemory() throws Exception {
        String[] labels = IntStream.range(0, 256).mapToObj(i -> "label-" + i).toArray(String[]::new);
        Path jar = BrickJar.head("acme/big", "1.0.0", labels).writeTo(jars);
        try (BrickHost host = BrickHost.open(HostOptions.defaults())) {
            BrickId id = BrickId.parse("acme/big");
            cycle(host, jar, id, 30);
            long before = residentBytes();
            cycle(host, jar, id, CYCLES);
            long after = residentBytes();
            assertEquals(List.of(), host.osgiBundles());
            long leakIfSessionsStayed = (long) CYCLES * host.bricks().size() + CYCLES * 384L * labels.length * Float.BYTES;
            assertTrue(leakIfSessionsStayed > 4 * ALLOWED_GROWTH_BYTES, "the brick is too small to show a leak");
            System.out.printf("resident memory %d MB -> %d MB over %d cycles%n", before >> 20, after >> 20, CYCLES);
            assertTrue(after - before < ALLOWED_GROWTH_BYTES, "resident memory grew by " + (after - before) / (1 << 20)
                    + " MB over " + CYCLES + " install/uninstall cycles (from " + before / (1 << 20) + " MB)");
        }
    }

    private static void cycle(BrickHost host, Path jar, BrickId id, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            host.install(jar);
            host.infer("a short text", List.of(id));
            host.uninstall(id);
        }
    }

    /** VmRSS of this process, after asking the JVM to collect, so only native growth and live heap count. */
    private static long residentBytes() throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
