package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.RawHttp;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.access.HostTokens;
import dev.brickyard.http.server.ServerLimits;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/embeddings} and {@code GET /v1/models} on a real host with tokens (Jersey on a random port, the real
 * base model, Felix with a real adapter, neuron brick and head): the vectors are the base model's own, the usage
 * counts its word pieces, and every refusal comes in OpenAI's error shape with the host's stable code.
 */
class OpenAiEndpointsTest {
    static final String BASE = "all-minilm-l6-v2";
    static final List<String> TEXTS = List.of("The battery died after a week.", "Great phone, I love the camera.",
            "Has my RMA been approved?");
    @TempDir
    static Path folder;
    static HostServer server;
    static HostClient client;
    static String admin;
    static String infer;

    @BeforeAll
    static void start() throws Exception {
        HostTokens tokens = HostTokens.open(folder.resolve("tokens.json"));
        admin = tokens.create(EnumSet.of(HostScope.ADMIN), "test admin").secret();
        infer = tokens.create(EnumSet.of(HostScope.INFER), "test infer").secret();
        server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null, ServerLimits.DEFAULT,
                new HostAccess(tokens, Set.of(), null));
        HostClient installer = new HostClient(server.uri(), admin);
        installer.installAll(folder, List.of(
                BrickJar.adapter("acme/terms", "1.0.0", 4, 0.05f, "layer.4.ffn_out", "layer.5.ffn_out"),
                BrickJar.adapter("acme/clash", "1.0.0", 2, 0.05f, "layer.5.ffn_out"),
                BrickJar.neurons("acme/quiet", "1.0.0", NeuronSelection.Mode.KEEP_ONLY, 2, 1, 2, 3),
                BrickJar.head("acme/sentiment", "1.0.0", "negative", "positive")));
        client = new HostClient(server.uri(), infer);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode embeddings(String body) throws Exception {
        HostClient.Answer answer = client.post("v1/embeddings", body);
        assertEquals(200, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        return answer.json();
    }

    /** An error in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}}, never a problem. */
    static JsonNode openAiError(HostClient.Answer answer, int status, String code, String type, String param) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        JsonNode error = answer.json().path("error");
        assertEquals(code, error.path("code").asText(), answer.toString());
        assertEquals(type, error.path("type").asText(), answer.toString());
        assertFalse(error.path("message").asText().isBlank(), answer.toString());
        assertTrue(error.has("param"), "param is always there, null when no field is at fault");
        if (param == null) {
            assertTrue(error.path("param").isNull(), answer.toString());
        } else {
            assertEquals(param, error.path("param").asText(), answer.toString());
        }
        assertEquals(1, answer.json().size(), "only the error: " + answer);
        return error;
    }

    static String quoted(List<String> texts) {
        return texts.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void theVectorsAreTheBaseModelsOwnInOpenAisListWithRealTokenCounts() throws Exception {
        JsonNode answer = embeddings("{\"model\": \"" + BASE + "\", \"input\": " + quoted(TEXTS)
                + ", \"user\": \"someone\"}");
        assertEquals("list", answer.path("object").asText());
        assertEquals(BASE, answer.path("model").asText());
        float[][] direct = server.host().baseModel().embed(TEXTS);
        JsonNode data = answer.path("data");
        assertEquals(TEXTS.size(), data.size());
        long tokens = 0;
        for (int i = 0; i < TEXTS.size(); i++) {
            assertEquals("embedding", data.get(i).path("object").asText());
            assertEquals(i, data.get(i).path("index").asInt());
            float[] vector = floats(data.get(i).path("embedding"));
            assertEquals(384, vector.length);
            assertTrue(cosine(direct[i], vector) > 0.9999, "text " + i + ": " + cosine(direct[i], vector));
            tokens += server.host().baseModel().tokenizer().encode(TEXTS.get(i)).length;
        }
        assertEquals(tokens, answer.path("usage").path("prompt_tokens").asLong());
        assertEquals(tokens, answer.path("usage").path("total_tokens").asLong());

        JsonNode one = embeddings("{\"model\": \"" + BASE + "\", \"input\": \"Hello world\", \"dimensions\": 384}");
        assertEquals(1, one.path("data").size());
        assertEquals(4, one.path("usage").path("prompt_tokens").asInt(), "[CLS] hello world [SEP]");
        assertTrue(cosine(server.host().baseModel().embed("Hello world"), floats(one.path("data").get(0)
                .path("embedding"))) > 0.9999);
    }

    @Test
    void base64IsTheLittleEndianFloat32BytesOfTheSameVectors() throws Exception {
        String body = "{\"model\": \"" + BASE + "\", \"input\": " + quoted(TEXTS);
        JsonNode plain = embeddings(body + ", \"encoding_format\": \"float\"}").path("data");
        JsonNode packed = embeddings(body + ", \"encoding_format\": \"base64\"}").path("data");
        for (int i = 0; i < TEXTS.size(); i++) {
            byte[] bytes = Base64.getDecoder().decode(packed.get(i).path("embedding").asText());
            assertEquals(384 * 4, bytes.length);
            float[] decoded = new float[384];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
            assertArrayEquals(floats(plain.get(i).path("embedding")), decoded, 1e-6f);
        }
    }

    @Test
    void insideBricksJoinTheBaseModelsNameAndChangeTheVectorsAsInInfer() throws Exception {
        JsonNode changed = embeddings("{\"model\": \"" + BASE + "+acme/terms+acme/quiet\", \"input\": "
                + quoted(TEXTS) + "}");
        assertEquals(BASE + "+acme/terms@1.0.0+acme/quiet@1.0.0", changed.path("model").asText(),
                "the versions that ran");
        JsonNode infer = client.post("v1/infer", "{\"texts\": " + quoted(TEXTS) + ", \"bricks\": [\"acme/terms\", "
                + "\"acme/quiet\"], \"embedding\": true}").json().path("results");
        float[][] plain = server.host().baseModel().embed(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] vector = floats(changed.path("data").get(i).path("embedding"));
            assertArrayEquals(floats(infer.get(i).path("embedding")), vector, 1e-5f);
            assertTrue(cosine(plain[i], vector) < 0.9999, "the bricks change the embedding");
        }
        JsonNode pinned = embeddings("{\"model\": \"" + BASE + "+acme/terms@1.0.0\", \"input\": \"a tent\"}");
        assertEquals(BASE + "+acme/terms@1.0.0", pinned.path("model").asText());
        openAiError(client.post("v1/embeddings", "{\"model\": \"" + BASE + "+acme/terms@2.0.0\", \"input\": \"a\"}"),
                404, "model_not_found", "invalid_request_error", "model");
    }

    @Test
    void concurrentRequestsGoThroughTheBatcher() throws Exception {
        long before = server.host().batchStatistics().texts();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String text = TEXTS.get(i % TEXTS.size());
                answers.add(pool.submit(() -> embeddings("{\"model\": \"" + BASE + "\", \"input\": \"" + text
                        + "\"}")));
            }
            for (int i = 0; i < answers.size(); i++) {
                float[] expected = server.host().baseModel().embed(TEXTS.get(i % TEXTS.size()));
                float[] vector = floats(answers.get(i).get().path("data").get(0).path("embedding"));
                assertTrue(cosine(expected, vector) > 0.9999, "each request gets its own text's vector");
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(server.host().batchStatistics().texts() - before >= 8, "every text was embedded by the batcher");
    }

    @Test
    void malformedRequestsAreRefusedInOpenAisShapeNamingTheField() throws Exception {
        String model = "\"model\": \"" + BASE + "\"";
        openAiError(client.post("v1/embeddings", "{\"input\": \"a\"}"), 400, "bad_request", "invalid_request_error",
                "model");
        openAiError(client.post("v1/embeddings", "{" + model + "}"), 400, "bad_request", "invalid_request_error",
                "input");
        openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": []}"), 400, "bad_request",
                "invalid_request_error", "input");
        openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": \"\"}"), 400, "bad_request",
                "invalid_request_error", "input");
        openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": [\"fine\", \"  \"]}"), 400,
                "bad_request", "invalid_request_error", "input");
        JsonNode item = openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": [\"fine\", 3]}"), 400,
                "bad_request", "invalid_request_error", "input");
        assertTrue(item.path("message").asText().contains("input[1]"), item.toString());
        openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": {\"text\": \"a\"}}"), 400,
                "bad_request", "invalid_request_error", "input");
        openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": \"" + "a".repeat(10_001) + "\"}"), 400,
                "bad_request", "invalid_request_error", "input");
        String many = IntStream.range(0, 257).mapToObj(i -> "\"text " + i + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        JsonNode tooMany = openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": " + many + "}"), 400,
                "bad_request", "invalid_request_error", "input");
        assertTrue(tooMany.path("message").asText().contains("1 to 256"), tooMany.toString());
        for (String tokens : List.of("[1, 2, 3]", "[[101, 2023], [101, 102]]", "42")) {
            JsonNode refused = openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": " + tokens + "}"),
                    400, "bad_request", "invalid_request_error", "input");
            assertTrue(refused.path("message").asText().contains("token ids"), refused.toString());
        }
        openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": \"a\", \"dimensions\": 256}"), 400,
                "bad_request", "invalid_request_error", "dimensions");
        openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": \"a\", \"encoding_format\": \"int8\"}"),
                400, "bad_request", "invalid_request_error", "encoding_format");
        openAiError(client.post("v1/embeddings", "{" + model + ", \"input\": \"a\", \"colour\": 1}"), 400,
                "bad_request", "invalid_request_error", null);
        openAiError(client.post("v1/embeddings", "{\"model\": "), 400, "bad_request", "invalid_request_error", null);
        openAiError(client.send(HttpRequest.newBuilder(server.uri().resolve("v1/embeddings"))
                        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("a"))),
                415, "unsupported_media_type", "invalid_request_error", null);
        openAiError(client.send(HttpRequest.newBuilder(server.uri().resolve("v1/embeddings")).GET()), 405,
                "method_not_allowed", "invalid_request_error", null);
    }

    @Test
    void aBodyOverTheLimitIsRefusedInOpenAisShapeBeforeItIsRead() throws Exception {
        try (Socket socket = RawHttp.connect(server.uri())) {
            // Only the headers: the host refuses by Content-Length, without waiting for 5 MiB that never come.
            RawHttp.send(socket, "POST /v1/embeddings HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + infer
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (5 << 20) + "\r\n\r\n");
            String answer = RawHttp.readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            JsonNode error = HostClient.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("error");
            assertEquals("body_too_large", error.path("code").asText(), answer);
            assertEquals("invalid_request_error", error.path("type").asText(), answer);
        }
    }

    @Test
    void unknownModelsAndHeadsAre404ModelNotFound() throws Exception {
        for (String model : List.of("text-embedding-3-small", BASE + "+acme/ghost", BASE + "+Not An Id",
                "acme/terms")) {
            openAiError(client.post("v1/embeddings", "{\"model\": \"" + model + "\", \"input\": \"a\"}"), 404,
                    "model_not_found", "invalid_request_error", "model");
        }
        JsonNode head = openAiError(client.post("v1/embeddings", "{\"model\": \"" + BASE + "+acme/sentiment\", "
                + "\"input\": \"a\"}"), 404, "model_not_found", "invalid_request_error", "model");
        assertTrue(head.path("message").asText().contains("head brick"), head.toString());
        JsonNode clash = openAiError(client.post("v1/embeddings", "{\"model\": \"" + BASE + "+acme/terms+acme/clash\", "
                + "\"input\": \"a\"}"), 400, "bad_request", "invalid_request_error", "model");
        assertTrue(clash.path("message").asText().contains("layer.5.ffn_out"), clash.toString());
    }

    @Test
    void theModelsAreTheBaseModelAndTheInstalledInsideBricks() throws Exception {
        HostClient.Answer answer = client.get("v1/models");
        assertEquals(200, answer.status(), answer.toString());
        JsonNode list = answer.json();
        assertEquals("list", list.path("object").asText());
        List<String> ids = new ArrayList<>();
        for (JsonNode model : list.path("data")) {
            ids.add(model.path("id").asText());
            assertEquals("model", model.path("object").asText());
            assertTrue(model.path("created").asLong() > 1_700_000_000L, model.toString());
            assertFalse(model.path("owned_by").asText().isBlank(), model.toString());
        }
        assertEquals(List.of(BASE, BASE + "+acme/terms", BASE + "+acme/clash", BASE + "+acme/quiet"), ids,
                "no head: it does not change the embedding");
        assertEquals("acme", list.path("data").get(1).path("owned_by").asText());

        JsonNode base = client.get("v1/models/" + BASE).json();
        assertEquals(BASE, base.path("id").asText());
        assertEquals("sentence-transformers", base.path("owned_by").asText());
        for (String path : List.of("v1/models/" + BASE + "+acme/terms", "v1/models/" + BASE + "+acme%2Fterms")) {
            HostClient.Answer one = client.get(path);
            assertEquals(200, one.status(), path + ": " + one);
            assertEquals(BASE + "+acme/terms", one.json().path("id").asText());
            assertEquals("acme", one.json().path("owned_by").asText());
        }
        assertEquals(200, client.get("v1/models/" + BASE + "+acme/terms+acme/quiet").status(), "a combination");
        openAiError(client.get("v1/models/gpt-4o"), 404, "model_not_found", "invalid_request_error", "model");
        String metrics = client.get("metrics").body();
        assertTrue(metrics.contains("brickyard_host_requests_seconds_count{method=\"GET\",route=\"/v1/models/{model}\","
                + "status=\"404\"}"), "one route for every model, named by its template: " + metrics);
        openAiError(client.get("v1/models/" + BASE + "+acme/sentiment"), 404, "model_not_found",
                "invalid_request_error", "model");
        openAiError(client.get("v1/models/" + BASE + "+acme/ghost"), 404, "model_not_found",
                "invalid_request_error", "model");
    }

    @Test
    void theyNeedAnInferTokenAndSayItInOpenAisShape() throws Exception {
        HostClient anonymous = new HostClient(server.uri());
        HostClient.Answer refused = anonymous.post("v1/embeddings", "{\"model\": \"" + BASE + "\", \"input\": \"a\"}");
        openAiError(refused, 401, "unauthorized", "authentication_error", null);
        openAiError(anonymous.get("v1/models"), 401, "unauthorized", "authentication_error", null);
        openAiError(new HostClient(server.uri(), "bkh_wrong_token").get("v1/models/" + BASE), 401, "unauthorized",
                "authentication_error", null);
        assertEquals(200, new HostClient(server.uri(), admin).get("v1/models").status(), "admin may all infer may");
        HostServerTest.assertProblem(anonymous.post("v1/infer", "{\"text\": \"a\"}"), 401, "unauthorized");
    }
}
