package dev.brickyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.http.HostServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the OpenAI-compatible {@code POST /v1/embeddings} costs against {@code POST /v1/infer} returning the same
 * vectors ({@code "embedding": true}, no brick installed, so the host only embeds), over real HTTP on one
 * {@link HostServer} (the real fp32 base model, served as {@code brick host serve} serves it), one client sending one
 * request at a time. Both take the same texts, one per request (batch 1) and 32 per request; {@code /v1/embeddings}
 * answers in floats and in base64 (what the official {@code openai} client asks for by default). The contenders take
 * turns in rotated rounds ({@link RotatedRounds}), and every answer is checked for its status, so the figures are of
 * the whole exchange: parsing the request, embedding, counting tokens and writing the answer. Prints medians and
 * p99 with their ratios to {@code /v1/infer}; the target (issue 14) is at most {@value #TARGET}.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl bench exec:java
 * -Dexec.mainClass=dev.brickyard.bench.OpenAiEmbeddingsBenchmark -Dexec.args="--rounds 40"}
 */
public final class OpenAiEmbeddingsBenchmark {
    private static final double TARGET = 1.05;
    private static final int BATCH = 32;
    private static final int SINGLES_PER_TURN = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiEmbeddingsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 40;
        Path home = Path.of(System.getProperty("brickyard.home", ".."));
        List<String> texts = HostServerBenchmark.loadTexts(home.resolve("bundles/topic/data/heldout.tsv"));
        try (HostServer server = HostServer.start(BrickHost.open(HostOptions.defaults().forServing()), "127.0.0.1", 0,
                null)) {
            HostServerBenchmark.Http http = new HostServerBenchmark.Http(server.uri());
            String model = server.host().baseModel().reference().name();
            checkSameVectors(http, model, texts.subList(0, BATCH));
            List<RotatedRounds.Contender> contenders = new ArrayList<>();
            for (int batch : List.of(1, BATCH)) {
                int calls = batch == 1 ? SINGLES_PER_TURN : 1;
                List<List<String>> requests = new ArrayList<>();
                for (int from = 0; from + batch <= texts.size(); from += batch) {
                    requests.add(texts.subList(from, from + batch));
                }
                // Each contender walks the same texts in the same order, from its own position.
                int[] next = new int[3];
                contenders.add(new RotatedRounds.Contender("/v1/infer embedding, batch " + batch, calls,
                        () -> post(http, "v1/infer", infer(requests.get(next[0]++ % requests.size())))));
                contenders.add(new RotatedRounds.Contender("/v1/embeddings float, batch " + batch, calls,
                        () -> post(http, "v1/embeddings", embeddings(model, requests.get(next[1]++ % requests.size()),
                                "float"))));
                contenders.add(new RotatedRounds.Contender("/v1/embeddings base64, batch " + batch, calls,
                        () -> post(http, "v1/embeddings", embeddings(model, requests.get(next[2]++ % requests.size()),
                                "base64"))));
            }
            System.out.printf(Locale.ROOT, "%d texts, %d rounds (+%d warm-up), %d cores, one client at a time over "
                    + "HTTP/1.1 keep-alive%n", texts.size(), rounds, Math.max(3, rounds / 10),
                    Runtime.getRuntime().availableProcessors());
            List<LatencySamples> samples = RotatedRounds.measure(contenders, Math.max(3, rounds / 10), rounds);
            System.out.printf(Locale.ROOT, "%-36s %8s %10s %10s %22s%n", "contender", "calls", "p50 ms", "p99 ms",
                    "ratio to infer p50/p99");
            for (int c = 0; c < contenders.size(); c++) {
                LatencySamples anchor = samples.get(c / 3 * 3);
                LatencySamples mine = samples.get(c);
                System.out.printf(Locale.ROOT, "%-36s %8d %10.3f %10.3f %14.3f / %.3f%n", contenders.get(c).name(),
                        mine.count(), mine.percentileMillis(0.5), mine.percentileMillis(0.99),
                        mine.percentileMillis(0.5) / anchor.percentileMillis(0.5),
                        mine.percentileMillis(0.99) / anchor.percentileMillis(0.99));
            }
            for (int batch = 0; batch < 2; batch++) {
                double ratio = samples.get(batch * 3 + 1).percentileMillis(0.5)
                        / samples.get(batch * 3).percentileMillis(0.5);
                System.out.printf(Locale.ROOT, "/v1/embeddings (float) / /v1/infer at batch %d, p50: %.3f (target <= "
                        + "%.2f): %s%n", batch == 0 ? 1 : BATCH, ratio, TARGET, ratio <= TARGET ? "met" : "NOT met");
            }
        }
    }

    private static void post(HostServerBenchmark.Http http, String path, String body) throws Exception {
        http.expect(200, http.send("POST", path, body));
    }

    private static String infer(List<String> texts) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("texts");
        texts.forEach(array::add);
        body.put("embedding", true);
        return body.toString();
    }

    private static String embeddings(String model, List<String> texts, String encoding) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        if (texts.size() == 1) {
            body.put("input", texts.get(0));
        } else {
            ArrayNode array = body.putArray("input");
            texts.forEach(array::add);
        }
        body.put("encoding_format", encoding);
        return body.toString();
    }

    /** Both endpoints must answer the same vectors, or the comparison means nothing. */
    private static void checkSameVectors(HostServerBenchmark.Http http, String model, List<String> texts)
            throws Exception {
        JsonNode infer = JSON.readTree(http.expect(200, http.send("POST", "v1/infer", infer(texts))));
        JsonNode embedded = JSON.readTree(http.expect(200, http.send("POST", "v1/embeddings",
                embeddings(model, texts, "float"))));
        for (int i = 0; i < texts.size(); i++) {
            JsonNode a = infer.path("results").get(i).path("embedding");
            JsonNode b = embedded.path("data").get(i).path("embedding");
            for (int k = 0; k < a.size(); k++) {
                if (Math.abs(a.get(k).floatValue() - b.get(k).floatValue()) > 1e-5f) {
                    throw new IllegalStateException("/v1/infer and /v1/embeddings disagree on '" + texts.get(i) + "'");
                }
            }
        }
    }
}
