package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.OpenApiResponses;
import dev.brickyard.base.fixtures.RawHttp;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.access.HostTokens;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.server.JerseyServer;
import dev.brickyard.http.server.ServerLimits;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Open Inference Protocol (KServe v2) on a real host: Jersey on a random port, the real base model, and the
 * example bricks of {@code bundles/} (their real weights) installed as bundles. A small stand-in registry, a JDK HTTP
 * server answering {@code /v1/resolve} and the download, serves {@code brickyard/topic} for repository loads. The
 * protocol's published examples are in the test resources next to this package's {@code v2} folder.
 */
class OpenInferenceProtocolTest {
    static final String SENTIMENT = "v2/models/brickyard.sentiment";
    static final List<String> TEXTS = List.of("The battery died after a week.", "Great phone, I love the camera.",
            "Where is the shop?");
    @TempDir
    static Path folder;
    static JerseyServer registry;
    static HostServer server;
    static HostClient client;

    @BeforeAll
    static void start() throws Exception {
        byte[] topic = example("topic").bytes();
        byte[] topicNext = example("topic", "1.1.0").bytes();
        registry = stubRegistry(Map.of("brickyard/topic", Map.of("1.0.0", topic, "1.1.0", topicNext)));
        server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0,
                new RegistryClient(registry.uri()));
        client = new HostClient(server.uri());
        for (BrickJar brick : List.of(example("sentiment"), example("shop-faq"),
                BrickJar.adapter("acme/terms", "1.0.0", 2, 0.05f, "layer.5.ffn_out"))) {
            Path jar = brick.writeTo(Files.createDirectories(folder.resolve(brick.manifest().brickId().name())));
            HostClient.Answer installed = client.postBundle("v1/bricks", jar);
            assertEquals(201, installed.status(), installed.toString());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        registry.close();
    }

    /**
     * An example brick of {@code bundles/} as a bundle: its own {@code brick.json} and weights files, with the OSGi
     * headers its packer writes.
     */
    static BrickJar example(String name) throws Exception {
        return example(name, null);
    }

    /** An example brick as another version: its {@code brick.json} with only the version changed. */
    static BrickJar example(String name, String otherVersion) throws Exception {
        Path brick = Path.of("..", "bundles", name, "brick");
        byte[] json = Files.readAllBytes(brick.resolve("brick.json"));
        if (otherVersion != null) {
            ObjectNode changed = (ObjectNode) HostClient.JSON.readTree(json);
            changed.put("version", otherVersion);
            json = HostClient.JSON.writeValueAsBytes(changed);
        }
        JsonNode manifest = HostClient.JSON.readTree(json);
        String id = manifest.path("id").asText();
        String version = manifest.path("version").asText();
        if (manifest.path("kind").asText().equals("knowledge")) {
            List<String> lines = Files.readAllLines(brick.resolve("values.jsonl"));
            Map<String, String> facts = new LinkedHashMap<>();
            for (String line : lines) {
                facts.put(HostClient.JSON.readTree(line).path("key").asText(), "");
            }
            return BrickJar.knowledge(id, version, facts).brickJson(json)
                    .onnx(Files.readAllBytes(brick.resolve("keys.onnx")))
                    .values(Files.readAllBytes(brick.resolve("values.jsonl")));
        }
        List<String> labels = new ArrayList<>();
        manifest.path("labels").forEach(label -> labels.add(label.asText()));
        return BrickJar.head(id, version, labels.toArray(String[]::new)).brickJson(json)
                .onnx(Files.readAllBytes(brick.resolve("head.onnx")));
    }

    /**
     * A registry that knows only {@code bundles} (id, then version, then the bundle): it resolves a reference to the
     * best version in its range and serves that version's bytes. It runs on {@link JerseyServer} like the real one,
     * so that the JDK HTTP server's settings are the project's ({@code JerseyServer} sets them before the first JDK
     * server of the JVM starts; a plain JDK server started first would fix them for every later test).
     */
    static JerseyServer stubRegistry(Map<String, Map<String, byte[]>> bundles) {
        ResourceConfig application = JerseyServer.application();
        application.register(new StubRegistry(bundles));
        return JerseyServer.start(application, "127.0.0.1", 0, "stub-registry", ServerLimits.DEFAULT, null);
    }

    /** The two calls of the registry's API a host makes to install by reference. */
    @jakarta.ws.rs.Path("/")
    public static final class StubRegistry {
        private final Map<String, Map<String, byte[]>> bundles;

        StubRegistry(Map<String, Map<String, byte[]>> bundles) {
            this.bundles = bundles;
        }

        @GET
        @jakarta.ws.rs.Path("v1/resolve")
        public Response resolve(@QueryParam("ref") String reference, @Context UriInfo uri) throws Exception {
            BrickRef ref = BrickRef.parse(reference);
            String id = ref.id().toString();
            Optional<SemVer> best = ref.range().best(bundles.getOrDefault(id, Map.of()).keySet().stream()
                    .map(SemVer::parse).toList());
            if (best.isEmpty()) {
                return Response.status(404).type("application/problem+json").entity("{\"status\":404,\"code\":"
                        + "\"brick_not_found\",\"detail\":\"no version of " + id + " in " + ref.range() + "\"}")
                        .build();
            }
            byte[] bundle = bundles.get(id).get(best.get().toString());
            String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bundle));
            String url = uri.getBaseUri().resolve("download/" + id + "/" + best.get()).toString();
            return Response.ok("{\"id\":\"" + id + "\",\"version\":\"" + best.get() + "\",\"digest\":\"" + digest
                    + "\",\"size\":" + bundle.length + ",\"yanked\":false,\"downloadUrl\":\"" + url + "\"}",
                    MediaType.APPLICATION_JSON).build();
        }

        @GET
        @jakarta.ws.rs.Path("download/{namespace}/{name}/{version}")
        @Produces(MediaType.APPLICATION_OCTET_STREAM)
        public byte[] download(@PathParam("namespace") String namespace, @PathParam("name") String name,
                               @PathParam("version") String version) {
            return bundles.get(namespace + "/" + name).get(version);
        }
    }

    static String resource(String name) throws Exception {
        try (InputStream in = OpenInferenceProtocolTest.class.getResourceAsStream("v2/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A request with one input {@code text} of shape {@code [n]}. */
    static String textsRequest(List<String> texts, String extra) {
        ObjectNode request = HostClient.JSON.createObjectNode();
        ObjectNode input = request.putArray("inputs").addObject();
        input.put("name", "text").put("datatype", "BYTES");
        input.putArray("shape").add(texts.size());
        ArrayNode data = input.putArray("data");
        texts.forEach(data::add);
        String json = request.toString();
        return extra.isEmpty() ? json : json.substring(0, json.length() - 1) + "," + extra + "}";
    }

    static JsonNode ok(HostClient.Answer answer) {
        assertEquals(200, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        return answer.json();
    }

    /** The protocol's error body: {@code {"error": "..."}} as JSON, with the host's stable code beside it. */
    static void assertError(HostClient.Answer answer, int status, String code, String detailPart) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        JsonNode body = answer.json();
        assertTrue(body.path("error").isTextual(), answer.toString());
        assertEquals(code, body.path("code").asText(), answer.toString());
        assertTrue(body.path("error").asText().contains(detailPart), answer.toString());
    }

    static JsonNode output(JsonNode answer, String name) {
        for (JsonNode output : answer.path("outputs")) {
            if (output.path("name").asText().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + answer);
    }

    @Test
    void serverMetadataAndHealthAnswer() throws Exception {
        JsonNode metadata = ok(client.get("v2"));
        assertEquals("brickyard-host", metadata.path("name").asText());
        assertTrue(metadata.path("version").isTextual());
        assertEquals("[\"model_repository\"]", metadata.path("extensions").toString());
        assertEquals("{\"live\":true}", ok(client.get("v2/health/live")).toString());
        assertEquals("{\"ready\":true}", ok(client.get("v2/health/ready")).toString());
    }

    @Test
    void everyBrickIsAModelNamedByItsIdInEitherUrlForm() throws Exception {
        JsonNode head = ok(client.get(SENTIMENT));
        assertEquals(head, ok(client.get("v2/models/brickyard%2Fsentiment")));
        assertEquals(head, ok(client.get("v2/models/brickyard%2fsentiment/versions/1.0.0")));
        assertEquals(head, ok(client.get(SENTIMENT + "/versions/1.0.0")));
        assertEquals("brickyard/sentiment", head.path("name").asText());
        assertEquals("[\"1.0.0\"]", head.path("versions").toString());
        assertEquals("brickyard_head", head.path("platform").asText());
        assertEquals("[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[-1]}]", head.path("inputs").toString());
        assertEquals("[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
                + "{\"name\":\"confidence\",\"datatype\":\"FP32\",\"shape\":[-1]},"
                + "{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,2]}]",
                head.path("outputs").toString());
        assertEquals("[\"negative\",\"positive\"]", head.path("labels").toString());

        JsonNode knowledge = ok(client.get("v2/models/brickyard.shop-faq"));
        assertEquals("knowledge", knowledge.path("kind").asText());
        assertEquals("[{\"name\":\"answer\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
                + "{\"name\":\"matches\",\"datatype\":\"BYTES\",\"shape\":[-1]}]", knowledge.path("outputs").toString());

        assertEquals("{\"name\":\"brickyard/sentiment\",\"ready\":true}",
                ok(client.get(SENTIMENT + "/ready")).toString());
        assertEquals("{\"name\":\"brickyard/sentiment\",\"ready\":true}",
                ok(client.get(SENTIMENT + "/versions/1.0.0/ready")).toString());
        assertEquals("{\"name\":\"acme/terms\",\"ready\":false}",
                ok(client.get("v2/models/acme.terms/ready")).toString());
    }

    @Test
    void aHeadAnswersWhatV1InferAnswers() throws Exception {
        JsonNode v1 = ok(client.post("v1/infer", HostClient.JSON.writeValueAsString(
                Map.of("texts", TEXTS, "bricks", List.of("brickyard/sentiment")))));
        JsonNode v2 = ok(client.post(SENTIMENT + "/infer", textsRequest(TEXTS, "\"id\": \"req-7\"")));
        assertEquals("brickyard/sentiment", v2.path("model_name").asText());
        assertEquals("1.0.0", v2.path("model_version").asText());
        assertEquals("req-7", v2.path("id").asText());
        assertEquals(v1.path("generation").asLong(), v2.path("parameters").path("generation").asLong());
        assertEquals("[\"label\",\"confidence\",\"probabilities\"]",
                HostClient.JSON.valueToTree(v2.path("outputs").findValuesAsText("name")).toString());
        JsonNode label = output(v2, "label");
        JsonNode confidence = output(v2, "confidence");
        JsonNode probabilities = output(v2, "probabilities");
        assertEquals("[3]", label.path("shape").toString());
        assertEquals("BYTES", label.path("datatype").asText());
        assertEquals("FP32", confidence.path("datatype").asText());
        assertEquals("[3,2]", probabilities.path("shape").toString());
        for (int i = 0; i < TEXTS.size(); i++) {
            JsonNode answer = v1.path("results").get(i).path("answers").get(0);
            assertEquals(answer.path("label"), label.path("data").get(i));
            assertEquals(answer.path("confidence"), confidence.path("data").get(i));
            assertEquals(answer.path("probabilities").path("negative"), probabilities.path("data").get(2 * i));
            assertEquals(answer.path("probabilities").path("positive"), probabilities.path("data").get(2 * i + 1));
        }
        assertEquals("negative", label.path("data").get(0).asText());
        assertEquals("positive", label.path("data").get(1).asText());

        // Nested data of shape [3, 1], a version in the URL and one output asked for: the same numbers.
        String nested = "{\"inputs\": [{\"name\": \"text\", \"shape\": [3, 1], \"datatype\": \"BYTES\", \"data\": "
                + HostClient.JSON.writeValueAsString(TEXTS.stream().map(List::of).toList())
                + "}], \"outputs\": [{\"name\": \"probabilities\", \"parameters\": {\"binary_data\": false}}]}";
        JsonNode only = ok(client.post("v2/models/brickyard%2Fsentiment/versions/1.0.0/infer", nested));
        assertEquals(1, only.path("outputs").size(), only.toString());
        assertEquals(probabilities, only.path("outputs").get(0));
        assertFalse(only.has("id"), "no id asked, none answered");
    }

    @Test
    void aKnowledgeBrickAnswersItsBestFactAndTheMatchesV1Gives() throws Exception {
        List<String> questions = List.of("When are you open on Saturday?", "Where is the shop?");
        JsonNode v1 = ok(client.post("v1/infer", HostClient.JSON.writeValueAsString(Map.of("texts", questions,
                "bricks", List.of("brickyard/shop-faq"), "knowledge", Map.of("topK", 2)))));
        JsonNode v2 = ok(client.post("v2/models/brickyard.shop-faq/infer",
                textsRequest(questions, "\"parameters\": {\"top_k\": 2}")));
        JsonNode answer = output(v2, "answer");
        JsonNode matches = output(v2, "matches");
        assertEquals("[2]", answer.path("shape").toString());
        assertEquals("BYTES", matches.path("datatype").asText());
        for (int i = 0; i < questions.size(); i++) {
            JsonNode expected = v1.path("results").get(i).path("answers").get(0).path("matches");
            assertEquals(expected, HostClient.JSON.readTree(matches.path("data").get(i).asText()));
            JsonNode best = expected.get(0).path("value");
            assertEquals(best.isTextual() ? best.asText() : best.toString(), answer.path("data").get(i).asText());
        }
        assertEquals("Saturdays 9:00 to 18:00", answer.path("data").get(0).asText());
        assertTrue(answer.path("data").get(1).asText().contains("14 Quay Road"), v2.toString());
    }

    @Test
    void unknownModelsVersionsAndPathsAre404WithTheProtocolsErrorBody() throws Exception {
        assertError(client.get("v2/models/acme.ghost"), 404, "brick_not_installed", "acme/ghost");
        assertError(client.get("v2/models/Not%20A%20Model/ready"), 404, "brick_not_installed", "Not A Model");
        assertError(client.get("v2/models/a.b.c"), 404, "brick_not_installed", "a.b.c");
        assertError(client.get(SENTIMENT + "/versions/9.9.9"), 404, "brick_not_installed", "not 9.9.9");
        assertError(client.post(SENTIMENT + "/versions/2.0.0/infer", textsRequest(List.of("hi"), "")), 404,
                "brick_not_installed", "installed at version 1.0.0");
        assertError(client.post("v2/models/acme.ghost/infer", textsRequest(List.of("hi"), "")), 404,
                "brick_not_installed", "acme/ghost");
        assertError(client.get("v2/nothing-here"), 404, "not_found", "v2/nothing-here");
        assertError(client.delete(SENTIMENT), 405, "method_not_allowed", "GET");
        // /v1 keeps its problem documents.
        HostServerTest.assertProblem(client.get("v1/bricks/acme/ghost"), 404, "brick_not_installed");
    }

    @Test
    void hostileTensorsAreRefusedBeforeTheModelRuns() throws Exception {
        String infer = SENTIMENT + "/infer";
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"FP32\", "
                + "\"data\": [1.5]}]}"), 400, "bad_request", "datatype FP32");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\", "
                + "\"data\": [15]}]}"), 400, "bad_request", "JSON strings");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [3], \"datatype\": \"BYTES\", "
                + "\"data\": [\"a\", \"b\"]}]}"), 400, "bad_request", "holds 2");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [2, 1], \"datatype\": "
                + "\"BYTES\", \"data\": [[\"a\", \"b\"]]}]}"), 400, "bad_request", "not nested that way");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [2, 2], \"datatype\": "
                + "\"BYTES\", \"data\": [\"a\", \"b\", \"c\", \"d\"]}]}"), 400, "bad_request", "[n] or [n, 1]");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [-1], \"datatype\": "
                + "\"BYTES\", \"data\": [\"a\"]}]}"), 400, "bad_request", "non-negative");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\", "
                + "\"data\": [\"\\ud800 lone\"]}]}"), 400, "bad_request", "not valid UTF-8");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\", "
                + "\"data\": [\"   \"]}]}"), 400, "bad_request", "non-blank");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\", "
                + "\"parameters\": {\"binary_data_size\": 12}}]}"), 400, "bad_request", "binary");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"prompt\", \"shape\": [1], \"datatype\": "
                + "\"BYTES\", \"data\": [\"a\"]}]}"), 400, "bad_request", "unknown input 'prompt'");
        assertError(client.post(infer, "{\"inputs\": []}"), 400, "bad_request", "\"text\"");
        assertError(client.post(infer, textsRequest(List.of("a"), "\"outputs\": [{\"name\": \"logits\"}]")), 400,
                "bad_request", "unknown output 'logits'");
        assertError(client.post(infer, textsRequest(List.of("a"), "\"outputs\": [{\"name\": \"label\"}, "
                + "{\"name\": \"label\"}]")), 400, "bad_request", "twice");
        assertError(client.post(infer, textsRequest(List.of("a"), "\"colour\": 1")), 400, "bad_request", "colour");
        assertError(client.post(infer, textsRequest(List.of("a"), "\"parameters\": {\"top_k\": 0}")), 400,
                "bad_request", "top_k must be an integer, 1 to 100");
        assertError(client.post(infer, textsRequest(List.of("a"), "\"parameters\": {\"min_score\": \"high\"}")),
                400, "bad_request", "min_score must be a number");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\""), 400, "bad_request", "not the JSON");
        assertError(client.post(infer, "[]"), 400, "bad_request", "JSON object");
        assertError(client.post(infer, ""), 400, "bad_request", "inference request");

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= InferResource.MAX_TEXTS; i++) {
            tooMany.add("text " + i);
        }
        assertError(client.post(infer, textsRequest(tooMany, "")), 400, "bad_request", "1 to 256");
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [9223372036854775807, 1], "
                + "\"datatype\": \"BYTES\", \"data\": [\"a\"]}]}"), 400, "bad_request", "1 to 256");
        assertError(client.post(infer, textsRequest(List.of("x".repeat(InferResource.MAX_TEXT_LENGTH + 1)), "")),
                400, "bad_request", "at most 10000 characters");

        byte[] notUtf8 = "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"\u00ff\"]}]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertError(client.send(HttpRequest.newBuilder(server.uri().resolve(infer))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8))),
                400, "bad_request", "UTF-8");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertError(client.post(infer, "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\", "
                + "\"data\": " + deep + "}]}"), 400, "bad_request", "");
        // A body declared over the 4 MiB JSON limit is refused from its headers, before a byte of it is read.
        try (java.net.Socket socket = RawHttp.connect(server.uri())) {
            RawHttp.send(socket, "POST /" + infer + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + (5 << 20) + "\r\n\r\n{\"inputs\": [");
            String raw = RawHttp.readUntilClosed(socket);
            assertTrue(raw.startsWith("HTTP/1.1 413"), raw);
            assertTrue(raw.contains("{\"error\":") && raw.contains("\"code\":\"body_too_large\""), raw);
        }

        assertError(client.post("v2/models/acme.terms/infer", textsRequest(List.of("a"), "")), 400, "bad_request",
                "is an adapter");
        // Nothing of that reached the model: the host still answers.
        assertEquals(200, client.post(infer, textsRequest(List.of("still here"), "")).status());
    }

    @Test
    void thePublishedExamplesAreAnsweredAsTheProtocolSays() throws Exception {
        // The published request names a model this host does not have: 404, with the protocol's error body.
        String request = resource("infer-request.json");
        assertError(client.post("v2/models/mymodel/infer", request), 404, "brick_not_installed", "mymodel");
        // Sent to a brick, its UINT32 and BOOL inputs are not the BYTES input "text" a brick reads.
        assertError(client.post(SENTIMENT + "/infer", request), 400, "bad_request", "input");

        // The published response's shape: the id echoed, each output with name, shape, datatype and flat data.
        JsonNode published = HostClient.JSON.readTree(resource("infer-response.json"));
        ObjectNode ours = (ObjectNode) ok(client.post(SENTIMENT + "/infer", textsRequest(List.of("fine", "bad", "ok"),
                "\"id\": \"42\", \"outputs\": [{\"name\": \"probabilities\"}]")));
        assertEquals(published.path("id"), ours.path("id"));
        JsonNode output = ours.path("outputs").get(0);
        List<String> fields = new ArrayList<>();
        published.path("outputs").get(0).fieldNames().forEachRemaining(fields::add);
        List<String> ourFields = new ArrayList<>();
        output.fieldNames().forEachRemaining(ourFields::add);
        assertEquals(fields, ourFields);
        assertEquals(published.path("outputs").get(0).path("datatype"), output.path("datatype"));
        assertEquals(published.path("outputs").get(0).path("shape").size(), output.path("shape").size());
        long elements = 1;
        for (JsonNode dim : output.path("shape")) {
            elements *= dim.asLong();
        }
        assertEquals(elements, output.path("data").size(), "flat, row-major data fills the shape");

        // The published 2 x 2 matrix: in its nested form with shape [2, 2] a brick refuses it (it reads one text per
        // row); flattened, with the texts as a column [4, 1], it is four texts.
        JsonNode nested = HostClient.JSON.readTree(resource("tensor-data-nested.json")).path("data");
        JsonNode flat = HostClient.JSON.readTree(resource("tensor-data-flat.json")).path("data");
        List<String> texts = new ArrayList<>();
        flat.forEach(number -> texts.add("item number " + number.asText()));
        ArrayNode nestedTexts = HostClient.JSON.createArrayNode();
        nested.forEach(row -> {
            ArrayNode textRow = nestedTexts.addArray();
            row.forEach(number -> textRow.add("item number " + number.asText()));
        });
        assertError(client.post(SENTIMENT + "/infer", "{\"inputs\": [{\"name\": \"text\", \"shape\": [2, 2], "
                + "\"datatype\": \"BYTES\", \"data\": " + nestedTexts + "}]}"), 400, "bad_request", "[n] or [n, 1]");
        JsonNode column = ok(client.post(SENTIMENT + "/infer", "{\"inputs\": [{\"name\": \"text\", \"shape\": [4, 1], "
                + "\"datatype\": \"BYTES\", \"data\": " + HostClient.JSON.valueToTree(texts) + "}]}"));
        assertEquals(ok(client.post(SENTIMENT + "/infer", textsRequest(texts, ""))).path("outputs"),
                column.path("outputs"));
    }

    @Test
    void answersFitTheProtocolsOwnOpenApiDocument() throws Exception {
        JsonNode yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(
                resource("open_inference_rest.yaml"));
        OpenApiResponses protocol = new OpenApiResponses(yaml.toString());
        String model = "/v2/models/${MODEL_NAME}/versions/${MODEL_VERSION}";
        List<String> fits = List.of();
        HostClient.Answer server = client.get("v2");
        assertEquals(fits, protocol.problems("/v2/", "get", 200, "application/json", ok(server).toString()));
        assertEquals(ok(server), ok(client.get("v2/")), "GET /v2/ as the document writes it");
        for (String name : List.of("brickyard.sentiment", "brickyard.shop-faq", "acme.terms")) {
            String metadata = ok(client.get("v2/models/" + name + "/versions/1.0.0")).toString();
            assertEquals(fits, protocol.problems(model, "get", 200, "application/json", metadata), metadata);
        }
        for (String name : List.of("brickyard.sentiment", "brickyard.shop-faq")) {
            String answer = ok(client.post("v2/models/" + name + "/versions/1.0.0/infer",
                    textsRequest(TEXTS, "\"id\": \"x\""))).toString();
            assertEquals(fits, protocol.problems(model + "/infer", "post", 200, "application/json", answer), answer);
        }
        // The check bites: the published example response leaves out model_name, which the document requires.
        assertEquals(List.of("$: required property 'model_name' not found"), protocol.problems(model + "/infer",
                "post", 200, "application/json", resource("infer-response.json")));
        HostClient.Answer refused = client.post(SENTIMENT + "/versions/1.0.0/infer", resource("infer-request.json"));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals(fits, protocol.problems(model + "/infer", "post", 400, "application/json", refused.body()));
    }

    @Test
    void theRepositoryListsLoadsAndUnloadsBricks() throws Exception {
        JsonNode index = ok(client.post("v2/repository/index", ""));
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        index.forEach(entry -> byName.put(entry.path("name").asText(), entry));
        assertEquals("{\"name\":\"brickyard/sentiment\",\"version\":\"1.0.0\",\"state\":\"READY\",\"reason\":\"\"}",
                byName.get("brickyard/sentiment").toString());
        assertEquals("READY", byName.get("brickyard/shop-faq").path("state").asText());
        assertEquals("UNAVAILABLE", byName.get("acme/terms").path("state").asText());
        assertTrue(byName.get("acme/terms").path("reason").asText().contains("adapter"));
        JsonNode ready = ok(client.post("v2/repository/index", resource("repository-index-request.json")));
        ready.forEach(entry -> assertEquals("READY", entry.path("state").asText(), ready.toString()));
        assertFalse(ready.toString().contains("acme/terms"));

        assertError(client.post("v2/models/brickyard.topic/ready", ""), 405, "method_not_allowed", "GET");
        assertError(client.get("v2/models/brickyard.topic/ready"), 404, "brick_not_installed", "brickyard/topic");
        HostClient.Answer loaded = client.post("v2/repository/models/brickyard.topic/load",
                resource("repository-load-request.json"));
        assertEquals(200, loaded.status(), loaded.toString());
        assertEquals("{\"name\":\"brickyard/topic\",\"ready\":true}",
                ok(client.get("v2/models/brickyard%2Ftopic/ready")).toString());
        JsonNode sports = ok(client.post("v2/models/brickyard.topic/infer",
                textsRequest(List.of("The striker scored twice in the final."), "")));
        assertEquals("sports", output(sports, "label").path("data").get(0).asText());
        assertEquals("1.1.0", ok(client.get("v2/models/brickyard.topic")).path("versions").get(0).asText(),
                "the best version");
        // Loading a model that is installed (in the range asked for) changes nothing.
        long generation = server.host().generation();
        assertEquals(200, client.post("v2/repository/models/brickyard%2Ftopic/load", "").status());
        assertEquals(200, client.post("v2/repository/models/brickyard%2Ftopic/load",
                "{\"parameters\": {\"version\": \"^1\"}}").status());
        assertEquals(generation, server.host().generation());
        // Outside the range asked for, it is swapped to the range's best version.
        assertEquals(200, client.post("v2/repository/models/brickyard.topic/load",
                "{\"parameters\": {\"version\": \"1.0.0\"}}").status());
        assertEquals("1.0.0", ok(client.get("v2/models/brickyard.topic")).path("versions").get(0).asText());
        assertEquals("1.0.0", ok(client.post("v2/models/brickyard.topic/versions/1.0.0/infer",
                textsRequest(List.of("The striker scored twice in the final."), ""))).path("model_version").asText());
        assertEquals("[\"1.1.0\"]", ok(client.get("v1/bricks/brickyard/topic")).path("previousVersions").toString());
        assertError(client.post("v2/repository/models/brickyard.topic/load",
                "{\"parameters\": {\"version\": \"^2\"}}"), 404, "brick_not_found", "");

        assertError(client.post("v2/repository/models/brickyard.topic/load",
                "{\"parameters\": {\"version\": \"not a range\"}}"), 400, "bad_request", "not a range");
        assertError(client.post("v2/repository/models/acme.ghost/load", ""), 404, "brick_not_found", "acme/ghost");
        assertError(client.post("v2/repository/models/acme.ghost/load", "{oops"), 400, "bad_request", "not JSON");

        assertEquals(200, client.post("v2/repository/models/brickyard.topic/unload", "").status());
        assertError(client.get("v2/models/brickyard.topic"), 404, "brick_not_installed", "brickyard/topic");
        assertError(client.post("v2/repository/models/brickyard.topic/unload", ""), 404, "brick_not_installed",
                "brickyard/topic");
    }

    @Test
    void inferenceNeedsTheInferScopeAndTheRepositoryTheAdminScope() throws Exception {
        HostTokens tokens = HostTokens.open(folder.resolve("tokens.json"));
        String admin = tokens.create(EnumSet.of(HostScope.ADMIN), "test admin").secret();
        String infer = tokens.create(EnumSet.of(HostScope.INFER), "test infer").secret();
        try (HostServer guarded = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null,
                ServerLimits.DEFAULT, new HostAccess(tokens, Set.of(), null))) {
            HostClient open = new HostClient(guarded.uri());
            assertEquals(200, open.get("v2").status());
            assertEquals(200, open.get("v2/health/live").status());
            assertEquals(200, open.get("v2/health/ready").status());
            HostClient.Answer refused = open.post("v2/repository/index", "");
            assertError(refused, 401, "unauthorized", "infer");
            assertError(open.get("v2/models/brickyard.sentiment"), 401, "unauthorized", "token");

            java.util.function.Function<String, HttpRequest.Builder> unload = token -> HttpRequest
                    .newBuilder(guarded.uri().resolve("v2/repository/models/acme.none/unload"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody());
            assertError(open.send(unload.apply(infer)), 403, "forbidden", "admin");
            assertError(open.send(unload.apply(admin)), 404, "brick_not_installed", "acme/none");
            assertError(open.send(HttpRequest.newBuilder(guarded.uri().resolve("v2/repository/models/acme.none/load"))
                    .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody())), 400,
                    "no_registry", "without --registry");
            assertEquals(200, open.send(HttpRequest.newBuilder(guarded.uri().resolve("v2/repository/index"))
                    .header("Authorization", "Bearer " + infer).POST(HttpRequest.BodyPublishers.noBody())).status());
        }
    }
}
