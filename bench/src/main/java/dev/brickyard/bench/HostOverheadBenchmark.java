package dev.brickyard.bench;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.tools.pack.BrickPacker;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * How much the host costs on top of ONNX Runtime, and how it compares with the library a Java user would pick:
 * {@code host.infer(texts, topic head)}, with an adapter brick and a neuron brick installed but not named, against
 * the same base model and head driven directly through ONNX Runtime ({@link RawOnnxPipeline}, the anchor), and
 * against LangChain4j's {@code AllMiniLmL6V2EmbeddingModel} and its quantized variant embedding the same texts
 * ({@code embedAll}, embedding only, no head). Contenders alternate in rounds, each round starting with the next
 * contender, so that machine noise and GC debt hit them alike. Prints batch-1 p50/p99 and batch-32 throughput as
 * ratios, the achieved GFLOP/s of the base model next to ONNX Runtime's fp32 MatMul on this machine, and the memory
 * the configurable graph takes once inside bricks are installed.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl bench exec:java -Dexec.args="--rounds 20"}
 */
public final class HostOverheadBenchmark {
    private static final double BATCH_1_TARGET = 1.03;
    private static final double BATCH_TARGET = 1.5;
    private static final int BATCH = 32;

    private interface Contender {
        void run(List<String> texts) throws Exception;
    }

    private record Result(String name, LatencySamples single, double batchTextsPerSecond, double singleGflops,
                          double batchGflops) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 20;
        Path home = Path.of(System.getProperty("brickyard.home", ".."));
        List<String> texts = loadTexts(home.resolve("bundles/topic/data/heldout.tsv"));
        Path scratch = Files.createTempDirectory("host-overhead-");
        int threads = Runtime.getRuntime().availableProcessors();
        try (BrickHost host = BrickHost.open(HostOptions.defaults());
             RawOnnxPipeline raw = new RawOnnxPipeline(BaseModelVariant.FP32.onnxResource(),
                     "all-minilm-l6-v2-tokenizer.json",
                     Files.readAllBytes(home.resolve("bundles/topic/brick/head.onnx")), threads)) {
            Path topicJar = scratch.resolve("topic.jar");
            new BrickPacker().pack(home.resolve("bundles/topic/brick"), topicJar);
            BrickId topic = host.install(topicJar).id();
            host.infer(texts.subList(0, BATCH), List.of(topic));
            InsideBricksBenchmark.Memory headsOnly = InsideBricksBenchmark.Memory.now();
            boolean loadedBefore = host.baseModel().configurableGraphLoaded();
            host.install(BrickJar.adapter("bench/adapter", "1.0.0", InsideBricksBenchmark.ADAPTER_RANK, 0.02f,
                    InsideBricksBenchmark.ADAPTER_SITES.toArray(String[]::new)).writeTo(scratch));
            Path neuronsJar = scratch.resolve("neurons.jar");
            new BrickPacker().pack(home.resolve("bundles/shop-neurons/brick"), neuronsJar);
            host.install(neuronsJar);
            InsideBricksBenchmark.Memory withInside = InsideBricksBenchmark.Memory.now();
            System.out.printf(Locale.ROOT, "installed: %s; the configurable graph loaded with heads only: %s, "
                    + "with inside bricks: %s; VmRSS %.0f MB -> %.0f MB (%+.0f MB)%n",
                    host.bricks().stream().map(brick -> brick.id().toString()).toList(), loadedBefore,
                    host.baseModel().configurableGraphLoaded(), headsOnly.residentBytes() / 1e6,
                    withInside.residentBytes() / 1e6,
                    (withInside.residentBytes() - headsOnly.residentBytes()) / 1e6);
            AllMiniLmL6V2EmbeddingModel langchain = new AllMiniLmL6V2EmbeddingModel();
            AllMiniLmL6V2QuantizedEmbeddingModel langchainInt8 = new AllMiniLmL6V2QuantizedEmbeddingModel();
            List<String> names = List.of("raw ONNX Runtime (anchor)", "Brickyard host",
                    "LangChain4j embed only", "LangChain4j int8 embed only");
            List<Contender> contenders = List.of(
                    raw::classify,
                    batch -> host.infer(batch, List.of(topic)),
                    batch -> langchain.embedAll(batch.stream().map(TextSegment::from).toList()),
                    batch -> langchainInt8.embedAll(batch.stream().map(TextSegment::from).toList()));
            checkSameAnswers(host, raw, topic, texts);
            System.out.printf(Locale.ROOT, "%d texts, %d rounds, %d cores, ONNX Runtime intra-op threads %d%n",
                    texts.size(), rounds, threads, threads);
            List<Result> results = measure(names, contenders, texts, rounds, raw::tokens);
            double peak = BaseModelFlops.matmulPeak(1024, threads, 20);
            report(results, peak);
        } finally {
            InsideBricksBenchmark.deleteTree(scratch);
        }
    }

    private static List<Result> measure(List<String> names, List<Contender> contenders, List<String> texts,
                                        int rounds, ToIntFunction<String> tokens) throws Exception {
        List<LatencySamples> singles = new ArrayList<>();
        long[] singleFlops = new long[contenders.size()];
        long[] batchNanos = new long[contenders.size()];
        long[] batchTexts = new long[contenders.size()];
        long[] batchFlops = new long[contenders.size()];
        for (int c = 0; c < contenders.size(); c++) {
            singles.add(new LatencySamples());
            for (int i = 0; i < 30; i++) {
                contenders.get(c).run(List.of(texts.get(i % texts.size())));
            }
            contenders.get(c).run(texts.subList(0, BATCH));
        }
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < contenders.size(); turn++) {
                int c = (round + turn) % contenders.size();
                Contender contender = contenders.get(c);
                for (int i = 0; i < BATCH; i++) {
                    String text = texts.get((round * BATCH + i) % texts.size());
                    long start = System.nanoTime();
                    contender.run(List.of(text));
                    singles.get(c).add(System.nanoTime() - start);
                    singleFlops[c] += BaseModelFlops.perText(tokens.applyAsInt(text));
                }
                int from = (round * BATCH) % (texts.size() - BATCH);
                List<String> batch = texts.subList(from, from + BATCH);
                long start = System.nanoTime();
                contender.run(batch);
                batchNanos[c] += System.nanoTime() - start;
                batchTexts[c] += BATCH;
                for (String text : batch) {
                    batchFlops[c] += BaseModelFlops.perText(tokens.applyAsInt(text));
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (int c = 0; c < contenders.size(); c++) {
            results.add(new Result(names.get(c), singles.get(c), batchTexts[c] / (batchNanos[c] / 1e9),
                    singleFlops[c] / (double) singles.get(c).totalNanos(), batchFlops[c] / (double) batchNanos[c]));
        }
        return results;
    }

    private static void report(List<Result> results, double peakGflops) {
        Result anchor = results.get(0);
        System.out.printf(Locale.ROOT, "%-28s %10s %10s %12s %22s %12s %12s%n", "contender", "b1 p50 ms",
                "b1 p99 ms", "b32 texts/s", "ratio p50/p99/b32", "b1 GFLOP/s", "b32 GFLOP/s");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "%-28s %10.2f %10.2f %12.0f   %.3f / %.3f / %.3f %12.1f %12.1f%n",
                    result.name(), result.single().percentileMillis(0.5), result.single().percentileMillis(0.99),
                    result.batchTextsPerSecond(),
                    result.single().percentileMillis(0.5) / anchor.single().percentileMillis(0.5),
                    result.single().percentileMillis(0.99) / anchor.single().percentileMillis(0.99),
                    result.batchTextsPerSecond() / anchor.batchTextsPerSecond(), result.singleGflops(),
                    result.batchGflops());
        }
        Result host = results.get(1);
        Result langchain = results.get(2);
        double ratio = host.single().percentileMillis(0.5) / anchor.single().percentileMillis(0.5);
        System.out.printf(Locale.ROOT, "host / raw ONNX Runtime at batch 1 (p50), inside bricks installed, not named: "
                + "%.3f (target <= %.2f): %s%n", ratio, BATCH_1_TARGET, ratio <= BATCH_1_TARGET ? "met" : "NOT met");
        double batch = host.batchTextsPerSecond() / langchain.batchTextsPerSecond();
        System.out.printf(Locale.ROOT, "host batch of %d / LangChain4j embedAll, texts per second: %.3f (target >= %.1f):"
                + " %s%n", BATCH, batch, BATCH_TARGET, batch >= BATCH_TARGET ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "ONNX Runtime fp32 MatMul 1024 x 1024, best of 20: %.1f GFLOP/s; the host reaches "
                + "%.0f %% of it at batch 1 and %.0f %% at batch %d (useful operations, padding not counted)%n",
                peakGflops, 100 * host.singleGflops() / peakGflops, 100 * host.batchGflops() / peakGflops, BATCH);
    }

    /** The host and the anchor must compute the same thing, or the comparison means nothing. */
    private static void checkSameAnswers(BrickHost host, RawOnnxPipeline raw, BrickId topic, List<String> texts)
            throws Exception {
        float[][] expected = raw.classify(texts.subList(0, BATCH));
        var inferences = host.infer(texts.subList(0, BATCH), List.of(topic));
        for (int i = 0; i < BATCH; i++) {
            float[] actual = inferences.get(i).answers().get(0).classification().probabilities();
            for (int k = 0; k < actual.length; k++) {
                if (Math.abs(actual[k] - expected[i][k]) > 1e-4) {
                    throw new IllegalStateException("host and raw pipeline disagree on '" + texts.get(i) + "'");
                }
            }
        }
    }

    private static List<String> loadTexts(Path tsv) throws Exception {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.isBlank()) {
                texts.add(line.split("\t")[0]);
            }
        }
        return texts;
    }
}
