package dev.brickyard.bench;

import dev.brickyard.api.manifest.Violation;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.GraphLimits;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the static graph checks ({@link GraphLimits}) add to verifying a brick, for each example bundle: the whole
 * verification p50 (archive, headers, schema, graph checks, ONNX Runtime load and the watched probe run) against
 * the graph checks alone, run in the same rounds. Prints, per bundle with a graph, the ratio of verification to
 * verification without the graph checks (target <= 1.2).
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl bench exec:java
 * -Dexec.mainClass=dev.brickyard.bench.VerifyBenchmark -Dexec.args="--rounds 200"}
 */
public final class VerifyBenchmark {
    private VerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 200;
        Path home = Path.of(System.getProperty("brickyard.home", ".."));
        List<Path> bundles = new ArrayList<>();
        try (DirectoryStream<Path> examples = Files.newDirectoryStream(home.resolve("bundles"))) {
            for (Path example : examples) {
                if (Files.isDirectory(example.resolve("target"))) {
                    try (DirectoryStream<Path> jars = Files.newDirectoryStream(example.resolve("target"), "*.jar")) {
                        jars.forEach(bundles::add);
                    }
                }
            }
        }
        bundles.sort(null);
        BrickVerifier verifier = new BrickVerifier();
        System.out.printf(Locale.ROOT, "verify p50 with the graph checks / without them, %d rounds%n", rounds);
        for (Path bundle : bundles) {
            List<byte[]> graphs = new ArrayList<>();
            try (ZipFile zip = new ZipFile(bundle.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    if (entry.getName().endsWith(".onnx")) {
                        graphs.add(zip.getInputStream(entry).readAllBytes());
                    }
                }
            }
            LatencySamples verify = new LatencySamples();
            LatencySamples limits = new LatencySamples();
            for (int round = -rounds / 10; round < rounds; round++) {
                long start = System.nanoTime();
                verifier.verify(bundle);
                long verified = System.nanoTime();
                for (byte[] graph : graphs) {
                    if (!GraphLimits.check(graph, "graph", new ArrayList<Violation>())) {
                        throw new IllegalStateException(bundle + " breaks the graph limits");
                    }
                }
                long checked = System.nanoTime();
                if (round >= 0) {
                    verify.add(verified - start);
                    limits.add(checked - verified);
                }
            }
            double all = verify.percentileMillis(0.5);
            double checks = limits.percentileMillis(0.5);
            System.out.printf(Locale.ROOT, "  %-36s verify %7.3f ms, graph checks %6.3f ms%s%n",
                    bundle.getFileName(), all, checks, graphs.isEmpty() ? " (no graph)"
                            : String.format(Locale.ROOT, ", ratio %.3f (target <= 1.2): %s", all / (all - checks),
                            all / (all - checks) <= 1.2 ? "met" : "NOT met"));
        }
    }
}
