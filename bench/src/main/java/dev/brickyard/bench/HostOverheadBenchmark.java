package dev.brickyard.bench;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.tools.pack.BrickPacker;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much the host costs on top of ONNX Runtime: {@code host.infer(text, topic head)} against the same base
 * model and head driven directly through ONNX Runtime ({@link RawOnnxPipeline}), and against LangChain4j's
 * {@code AllMiniLmL6V2EmbeddingModel} embedding the same texts (embedding only, no head). Contenders alternate
 * in rounds, each round starting with the next contender, so that machine noise and GC debt hit them alike. Prints batch-1 p50/p99 and batch-32 throughput, as ratios.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl bench exec:java -Dexec.args="--rounds 20"}
 */
public final class HostOverheadBenchmark {
    private interface Contender {
        void run(List<String> texts) throws Exception;
    }

    private record Result(String name, LatencySamples single, double batchTextsPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 20;
        Path home = Path.of(System.getProperty("brickyard.home", ".."));
        List<String> texts = loadTexts(home.resolve("bundles/topic/data/heldout.tsv"));
        Path jar = Files.createTempFile("topic-", ".jar");
        int threads = Runtime.getRuntime().availableProcessors();
        try (BrickHost host = BrickHost.open(HostOptions.defaults());
             RawOnnxPipeline raw = new RawOnnxPipeline(BaseModelVariant.FP32.onnxResource(),
                     "all-minilm-l6-v2-tokenizer.json",
                     Files.readAllBytes(home.resolve("bundles/topic/brick/head.onnx")), threads)) {
            new BrickPacker().pack(home.resolve("bundles/topic/brick"), jar);
            BrickId topic = host.install(jar).id();
            AllMiniLmL6V2EmbeddingModel langchain = new AllMiniLmL6V2EmbeddingModel();
            List<String> names = List.of("raw ONNX Runtime (anchor)", "Brickyard host", "LangChain4j embed only");
            List<Contender> contenders = List.of(
                    raw::classify,
                    batch -> host.infer(batch, List.of(topic)),
                    batch -> langchain.embedAll(batch.stream().map(TextSegment::from).toList()));
            checkSameAnswers(host, raw, topic, texts);
            System.out.printf(Locale.ROOT, "%d texts, %d rounds, %d cores, ONNX Runtime intra-op threads %d%n",
                    texts.size(), rounds, threads, threads);
            List<Result> results = measure(names, contenders, texts, rounds);
            report(results);
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    private static List<Result> measure(List<String> names, List<Contender> contenders, List<String> texts,
                                        int rounds) throws Exception {
        List<LatencySamples> singles = new ArrayList<>();
        long[] batchNanos = new long[contenders.size()];
        long[] batchTexts = new long[contenders.size()];
        for (int c = 0; c < contenders.size(); c++) {
            singles.add(new LatencySamples());
            for (int i = 0; i < 30; i++) {
                contenders.get(c).run(List.of(texts.get(i % texts.size())));
            }
            contenders.get(c).run(texts.subList(0, 32));
        }
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < contenders.size(); turn++) {
                int c = (round + turn) % contenders.size();
                Contender contender = contenders.get(c);
                for (int i = 0; i < 32; i++) {
                    String text = texts.get((round * 32 + i) % texts.size());
                    long start = System.nanoTime();
                    contender.run(List.of(text));
                    singles.get(c).add(System.nanoTime() - start);
                }
                int from = (round * 32) % (texts.size() - 32);
                long start = System.nanoTime();
                contender.run(texts.subList(from, from + 32));
                batchNanos[c] += System.nanoTime() - start;
                batchTexts[c] += 32;
            }
        }
        List<Result> results = new ArrayList<>();
        for (int c = 0; c < contenders.size(); c++) {
            results.add(new Result(names.get(c), singles.get(c), batchTexts[c] / (batchNanos[c] / 1e9)));
        }
        return results;
    }

    private static void report(List<Result> results) {
        Result anchor = results.get(0);
        System.out.printf(Locale.ROOT, "%-28s %10s %10s %14s   %-28s%n", "contender", "b1 p50 ms", "b1 p99 ms",
                "b32 texts/s", "ratio to anchor p50/p99/b32");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "%-28s %10.2f %10.2f %14.0f   %.3f / %.3f / %.3f%n", result.name(),
                    result.single().percentileMillis(0.5), result.single().percentileMillis(0.99),
                    result.batchTextsPerSecond(),
                    result.single().percentileMillis(0.5) / anchor.single().percentileMillis(0.5),
                    result.single().percentileMillis(0.99) / anchor.single().percentileMillis(0.99),
                    result.batchTextsPerSecond() / anchor.batchTextsPerSecond());
        }
        Result host = results.get(1);
        double ratio = host.single().percentileMillis(0.5) / anchor.single().percentileMillis(0.5);
        System.out.printf(Locale.ROOT, "host / raw ONNX Runtime at batch 1 (p50): %.3f (target <= 1.05): %s%n", ratio,
                ratio <= 1.05 ? "met" : "NOT met");
    }

    /** The host and the anchor must compute the same thing, or the comparison means nothing. */
    private static void checkSameAnswers(BrickHost host, RawOnnxPipeline raw, BrickId topic, List<String> texts)
            throws Exception {
        float[][] expected = raw.classify(texts.subList(0, 32));
        var inferences = host.infer(texts.subList(0, 32), List.of(topic));
        for (int i = 0; i < 32; i++) {
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
