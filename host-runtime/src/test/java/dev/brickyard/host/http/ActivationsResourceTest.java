package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.base.WordPieceTokenizer;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/activations}, and {@code POST /v1/infer} with adapters and neuron bricks named, on a real host
 * (Jersey on a random port, the real base model, Felix with real bundles).
 */
class ActivationsResourceTest {
    static final String TEXT = "Can I get an RMA for the torn tent?";
    @TempDir
    static Path jars;
    static HostServer server;
    static HostClient client;

    @BeforeAll
    static void start() throws Exception {
        server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null);
        client = new HostClient(server.uri());
        client.installAll(jars, List.of(
                BrickJar.adapter("acme/terms", "1.0.0", 4, 0.05f, "layer.4.ffn_out", "layer.5.ffn_out"),
                BrickJar.adapter("acme/clash", "1.0.0", 2, 0.05f, "layer.5.ffn_out"),
                BrickJar.neurons("acme/quiet", "1.0.0", NeuronSelection.Mode.KEEP_ONLY, 2, 1, 2, 3),
                BrickJar.head("acme/sentiment", "1.0.0", "negative", "positive")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode ok(String body) throws Exception {
        HostClient.Answer answer = client.post("v1/activations", body);
        assertEquals(200, answer.status(), answer.toString());
        return answer.json();
    }

    static HostClient.Answer problem(String path, String body, int status, String code) throws Exception {
        HostClient.Answer answer = client.post(path, body);
        HostServerTest.assertProblem(answer, status, code);
        return answer;
    }

    @Test
    void answersTheWordPiecesAndTheTopNeuronsOfEveryLayer() throws Exception {
        JsonNode answer = ok("{\"text\": \"" + TEXT + "\"}");
        WordPieceTokenizer tokenizer = server.host().baseModel().tokenizer();
        List<String> tokens = new ArrayList<>();
        answer.path("tokens").forEach(token -> tokens.add(token.asText()));
        assertEquals(tokenizer.tokens(tokenizer.encode(TEXT)), tokens);
        assertEquals("[CLS]", tokens.get(0));
        assertEquals("[SEP]", tokens.get(tokens.size() - 1));
        assertEquals(TEXT, answer.path("text").asText());
        assertEquals("[]", answer.path("applied").toString());
        JsonNode layers = answer.path("layers");
        assertEquals(6, layers.size());
        for (int layer = 0; layer < 6; layer++) {
            assertEquals(layer, layers.get(layer).path("layer").asInt());
            assertEquals(10, layers.get(layer).path("top").size(), "10 neurons unless asked");
            assertFalse(layers.get(layer).has("values"), "values only when asked");
        }
    }

    @Test
    void topNeuronsAreTheHighestMeansOverTheTokensWithTheirMaximum() throws Exception {
        FfnActivations direct = server.host().activations(TEXT, List.of()).activations();
        JsonNode layer = ok("{\"text\": \"" + TEXT + "\", \"layers\": [4], \"top\": 25}").path("layers").get(0);
        assertEquals(4, layer.path("layer").asInt());
        float[] mean = direct.meanOverTokens(4);
        List<Integer> expected = IntStream.range(0, mean.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(n -> -mean[n])).limit(25).toList();
        List<Integer> neurons = new ArrayList<>();
        float previous = Float.POSITIVE_INFINITY;
        for (JsonNode neuron : layer.path("top")) {
            int n = neuron.path("neuron").asInt();
            neurons.add(n);
            float mine = neuron.path("mean").floatValue();
            assertTrue(mine <= previous, "sorted by mean, highest first");
            previous = mine;
            assertEquals(mean[n], mine, 1e-5f);
            int maxToken = neuron.path("maxToken").asInt();
            float max = neuron.path("max").floatValue();
            assertEquals(direct.values()[4][maxToken][n], max, 1e-5f);
            for (float[] token : direct.values()[4]) {
                assertTrue(token[n] <= max + 1e-6f, "max is the highest over the tokens");
            }
            assertTrue(max >= mine - 1e-6f);
        }
        assertEquals(expected, neurons);
    }

    @Test
    void valuesOfTheRequestedLayersOnlyWhenAsked() throws Exception {
        FfnActivations direct = server.host().activations(TEXT, List.of()).activations();
        JsonNode layers = ok("{\"text\": \"" + TEXT + "\", \"layers\": [5, 3], \"top\": 1, \"values\": true}")
                .path("layers");
        assertEquals(2, layers.size());
        assertEquals(5, layers.get(0).path("layer").asInt(), "in the order asked");
        assertEquals(3, layers.get(1).path("layer").asInt());
        assertEquals(1, layers.get(1).path("top").size());
        JsonNode values = layers.get(1).path("values");
        assertEquals(direct.tokens().size(), values.size(), "one row per token");
        for (int t = 0; t < values.size(); t++) {
            assertEquals(1536, values.get(t).size());
            assertArrayEquals(direct.values()[3][t], floats(values.get(t)), 1e-5f);
        }
        assertFalse(ok("{\"text\": \"" + TEXT + "\", \"layers\": [3], \"values\": false}").path("layers").get(0)
                .has("values"));
    }

    @Test
    void aNeuronBrickChangesTheLayersAfterItsOwnButNotItsOwn() throws Exception {
        double[] changes = changes("acme/quiet", 2, 3, 5);
        assertTrue(changes[0] < 1e-5, "layer 2 is read before the mask that keeps 3 of its neurons");
        assertTrue(changes[1] > 1e-2, "layer 3 reads what the masked layer 2 gave it");
        assertTrue(changes[2] > 1e-2);
    }

    @Test
    void anAdapterChangesTheActivationsOfItsLayersAndAfter() throws Exception {
        double[] changes = changes("acme/terms", 3, 5);
        assertTrue(changes[0] < 1e-5, "layer 3 comes before the adapted ffn_out of layer 4");
        assertTrue(changes[1] > 1e-4);
    }

    /**
     * Per layer, the largest change of any activation when {@code brick} is applied; checks that the answer says
     * it was applied, and that an unchanged layer has the same top neurons.
     */
    private static double[] changes(String brick, int... layers) throws Exception {
        String asked = "\"layers\": " + java.util.Arrays.toString(layers) + ", \"values\": true";
        JsonNode plain = ok("{\"text\": \"" + TEXT + "\", " + asked + "}").path("layers");
        JsonNode changed = ok("{\"text\": \"" + TEXT + "\", \"bricks\": [\"" + brick + "\"], " + asked + "}");
        assertEquals("[\"" + brick + "@1.0.0\"]", changed.path("applied").toString());
        double[] changes = new double[layers.length];
        for (int i = 0; i < layers.length; i++) {
            JsonNode values = plain.get(i).path("values");
            JsonNode other = changed.path("layers").get(i).path("values");
            for (int t = 0; t < values.size(); t++) {
                float[] x = floats(values.get(t));
                float[] y = floats(other.get(t));
                for (int n = 0; n < x.length; n++) {
                    changes[i] = Math.max(changes[i], Math.abs(x[n] - y[n]));
                }
            }
            if (changes[i] == 0) {
                assertEquals(plain.get(i).path("top"), changed.path("layers").get(i).path("top"));
            }
        }
        return changes;
    }

    @Test
    void badRequestsGetASpecificProblem() throws Exception {
        String text = "\"text\": \"" + TEXT + "\"";
        assertDetail(problem("v1/activations", "{}", 400, "bad_request"), "\"text\" must be non-blank");
        assertDetail(problem("v1/activations", "{\"text\": \"   \"}", 400, "bad_request"), "non-blank");
        assertDetail(problem("v1/activations", "{\"text\": \"" + "a".repeat(10_001) + "\"}", 400, "bad_request"),
                "at most 10000 characters");
        assertDetail(problem("v1/activations", "{" + text + ", \"layers\": [6]}", 400, "bad_request"),
                "there is no layer 6: the base model has the layers 0-5");
        assertDetail(problem("v1/activations", "{" + text + ", \"layers\": [-1]}", 400, "bad_request"),
                "no layer -1");
        assertDetail(problem("v1/activations", "{" + text + ", \"layers\": []}", 400, "bad_request"),
                "names no layer");
        assertDetail(problem("v1/activations", "{" + text + ", \"top\": 0}", 400, "bad_request"),
                "\"top\" must be 1 to 1536");
        assertDetail(problem("v1/activations", "{" + text + ", \"top\": 1537}", 400, "bad_request"),
                "\"top\" must be 1 to 1536");
        assertDetail(problem("v1/activations", "{" + text + ", \"bricks\": [\"acme/sentiment\"]}", 400,
                "bad_request"), "acme/sentiment@1.0.0 is a head brick; only adapters and neuron bricks change the "
                + "activations");
        assertDetail(problem("v1/activations", "{" + text + ", \"bricks\": [\"Not An Id\"]}", 400, "bad_request"),
                "is not a brick id");
        assertDetail(problem("v1/activations", "{" + text + ", \"bricks\": [\"acme/terms\", \"acme/clash\"]}", 400,
                "bad_request"), "both change LoRA site layer.5.ffn_out");
        assertDetail(problem("v1/activations", "{" + text + ", \"bricks\": [\"acme/ghost\"]}", 404,
                "brick_not_installed"), "acme/ghost is not installed");
        problem("v1/activations", "{" + text + ", \"layer\": 3}", 400, "bad_request");
        problem("v1/activations", "not json", 400, "bad_request");
    }

    @Test
    void aHostWithoutActivationOutputsSaysSo() throws Exception {
        try (HostServer plain = HostServer.start(BrickHost.open(HostOptions.defaults()
                .withGraph(new GraphOptions(Set.of(), false, false))), "127.0.0.1", 0, null)) {
            HostClient.Answer answer = new HostClient(plain.uri()).post("v1/activations",
                    "{\"text\": \"" + TEXT + "\"}");
            HostServerTest.assertProblem(answer, 422, "brick_incompatible");
            assertDetail(answer, "without activation outputs");
        }
    }

    @Test
    void inferWithAnAdapterNamedAnswersOnTheAdaptedEmbeddingAndSaysWhatWasApplied() throws Exception {
        HostClient.Answer plainAnswer = client.post("v1/infer", "{\"text\": \"" + TEXT + "\", \"embedding\": true}");
        assertEquals(200, plainAnswer.status(), plainAnswer.toString());
        JsonNode plain = plainAnswer.json().path("results").get(0);
        assertFalse(plain.has("applied"), "nothing applied, no applied list");
        float[] base = server.host().baseModel().embed(TEXT);
        assertArrayEquals(base, floats(plain.path("embedding")), 1e-5f);

        JsonNode answer = client.post("v1/infer", "{\"text\": \"" + TEXT + "\", \"bricks\": [\"acme/terms\"], "
                + "\"embedding\": true}").json();
        JsonNode result = answer.path("results").get(0);
        assertEquals("[\"acme/terms@1.0.0\"]", result.path("applied").toString());
        assertEquals("[\"acme/terms@1.0.0\",\"acme/sentiment@1.0.0\"]", answer.path("bricks").toString());
        assertEquals(1, result.path("answers").size(), "with no answering brick named, every head answers");
        assertEquals("acme/sentiment", result.path("answers").get(0).path("brick").asText());
        float[] adapted = floats(result.path("embedding"));
        assertEquals(384, adapted.length);
        assertTrue(1 - dot(base, adapted) > 1e-4, "the adapter moved the embedding");
        JsonNode head = plainAnswer.json().path("results").get(0).path("answers").get(0);
        assertFalse(head.path("probabilities").equals(result.path("answers").get(0).path("probabilities")),
                "the head read the adapted embedding");

        JsonNode withoutEmbedding = client.post("v1/infer", "{\"text\": \"" + TEXT + "\", \"bricks\": "
                + "[\"acme/quiet\", \"acme/sentiment\"]}").json().path("results").get(0);
        assertFalse(withoutEmbedding.has("embedding"), "the embedding only when asked");
        assertEquals("[\"acme/quiet@1.0.0\"]", withoutEmbedding.path("applied").toString());
    }

    @Test
    void inferRefusesTwoAdaptersOnOneSiteAndAnsweringBricksNamedWithRoute() throws Exception {
        assertDetail(problem("v1/infer", "{\"text\": \"" + TEXT + "\", \"bricks\": [\"acme/terms\", \"acme/clash\"]}",
                400, "bad_request"), "adapters acme/terms@1.0.0 and acme/clash@1.0.0 both change LoRA site "
                + "layer.5.ffn_out");
        assertDetail(problem("v1/infer", "{\"text\": \"" + TEXT + "\", \"bricks\": [\"acme/sentiment\"], "
                + "\"route\": {\"topK\": 1}}", 400, "bad_request"), "name the bricks that answer or route, not both");
        HostClient.Answer routed = client.post("v1/infer", "{\"text\": \"" + TEXT + "\", \"bricks\": "
                + "[\"acme/terms\"], \"route\": {\"topK\": 3, \"minScore\": -1}}");
        assertEquals(200, routed.status(), routed.toString());
        JsonNode result = routed.json().path("results").get(0);
        assertEquals("[\"acme/terms@1.0.0\"]", result.path("applied").toString());
        result.path("routes").forEach(route -> assertFalse(List.of("acme/terms", "acme/clash", "acme/quiet")
                .contains(route.path("brick").asText()), "adapters and neuron bricks are never routed to"));
    }

    private static void assertDetail(HostClient.Answer answer, String part) {
        assertTrue(answer.json().path("detail").asText().contains(part), answer.toString());
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
