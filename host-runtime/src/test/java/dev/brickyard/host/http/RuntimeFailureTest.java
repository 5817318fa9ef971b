package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.onnx.GraphProtos;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A brick whose ONNX graph throws in ONNX Runtime at run time fails only its own part of a response, and the
 * response says so, over HTTP on a real host (real base model, Felix, ONNX Runtime).
 */
class RuntimeFailureTest {
    private static final String[] LABELS = {"negative", "positive"};
    private static final String HEALTHY = "acme/healthy";
    private static final String BROKEN = "acme/even-batches-fail";

    @TempDir
    static Path jars;
    static HostServer server;
    static HostClient client;

    @BeforeAll
    static void start() throws Exception {
        server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null);
        client = new HostClient(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBrickThatThrowsAtRunTimeFailsOnlyItsOwnAnswersAndSaysWhy() throws Exception {
        assertEquals(201, client.postBundle("v1/bricks", jar(BrickJar.head(HEALTHY, "1.0.0", LABELS))).status());
        HostClient.Answer installed = client.postBundle("v1/bricks", jar(BrickJar.head(BROKEN, "1.0.0", LABELS)
                .onnx(failsOnEvenBatches(BaseModel.DIM, LABELS.length))));
        assertEquals(201, installed.status(), "the graph passes the verifier's probe and the host's smoke test: "
                + installed);

        HostClient.Answer two = client.post("v1/infer", "{\"texts\": [\"a\", \"b\"]}");
        assertEquals(200, two.status(), two.toString());
        JsonNode results = two.json().path("results");
        assertEquals(2, results.size(), two.toString());
        for (JsonNode result : results) {
            JsonNode healthy = answerOf(result, HEALTHY);
            assertFalse(healthy.has("error"), healthy.toString());
            assertProbabilities(healthy);
            JsonNode broken = answerOf(result, BROKEN);
            assertTrue(broken.path("error").isTextual() && broken.path("error").asText().contains(BROKEN),
                    "the broken brick's answer says which brick failed: " + broken);
            assertFalse(broken.has("label"), broken.toString());
            assertFalse(broken.has("probabilities"), broken.toString());
            assertFalse(result.has("combined"), "a failed answer takes no part in combination: " + result);
        }

        HostClient.Answer one = client.post("v1/infer", "{\"text\": \"a\"}");
        assertEquals(200, one.status(), one.toString());
        JsonNode result = one.json().path("results").get(0);
        for (String brick : List.of(HEALTHY, BROKEN)) {
            JsonNode answer = answerOf(result, brick);
            assertFalse(answer.has("error"), "a batch of one still runs: " + answer);
            assertProbabilities(answer);
        }
        assertEquals(List.of(HEALTHY + "@1.0.0", BROKEN + "@1.0.0"),
                texts(result.path("combined").get(0).path("bricks")), one.toString());
        assertEquals(List.of(HEALTHY, BROKEN), texts(client.get("v1/bricks").json().findValues("id")),
                "a run-time failure uninstalls nothing");
    }

    private static JsonNode answerOf(JsonNode result, String brick) {
        for (JsonNode answer : result.path("answers")) {
            if (answer.path("brick").asText().equals(brick)) {
                return answer;
            }
        }
        throw new AssertionError("no answer of " + brick + " in " + result);
    }

    private static void assertProbabilities(JsonNode answer) {
        float sum = 0;
        for (String label : LABELS) {
            assertTrue(answer.path("probabilities").path(label).isNumber(), answer.toString());
            sum += answer.path("probabilities").path(label).floatValue();
        }
        assertEquals(1f, sum, 1e-4f, answer.toString());
        assertTrue(answer.path("label").isTextual(), answer.toString());
    }

    private static List<String> texts(Iterable<JsonNode> nodes) {
        List<String> texts = new ArrayList<>();
        nodes.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Path jar(BrickJar brick) throws Exception {
        return brick.writeTo(Files.createDirectories(jars.resolve(String.valueOf(System.nanoTime()))));
    }

    /**
     * A head of the declared signature ({@code embedding [batch, dim] -> probabilities [batch, labels]}) that
     * answers proper probabilities for odd batch sizes and makes ONNX Runtime throw for even ones:
     * <pre>
     * logits = Gemm(embedding, W, b)                        [batch, labels]
     * index  = (1 - batch % 2) * 1000                       0 when the batch is odd, 1000 when even
     * probabilities = Softmax(logits * Gather([1.0], index))
     * </pre>
     * The verifier probes a batch of three embeddings and the host's smoke test a batch of one, so both pass; a
     * request with two texts runs the head on two rows, and the Gather fails with an index out of bounds. (A head
     * that Reshapes to the constant {@code [1, labels]} fails the verifier's probe of three rows; one that Reshapes
     * to a computed {@code [batch + 1 - batch % 2, labels]} is rewritten by ONNX Runtime's graph optimiser into
     * one that never fails.)
     */
    static byte[] failsOnEvenBatches(int dim, int labels) {
        Random random = new Random(7);
        float[] weights = new float[dim * labels];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("even-batches-fail")
                .addInput(GraphProtos.batchOfFloats("embedding", dim))
                .addOutput(GraphProtos.batchOfFloats("probabilities", labels))
                .addInitializer(GraphProtos.floatTensor("W", new long[] {dim, labels}, weights))
                .addInitializer(GraphProtos.floatTensor("b", new long[] {labels}, new float[labels]))
                .addInitializer(GraphProtos.floatTensor("unit", new long[] {1}, new float[] {1}))
                .addInitializer(longs("zero", new long[0], 0))
                .addInitializer(longs("one", new long[0], 1))
                .addInitializer(longs("two", new long[0], 2))
                .addInitializer(longs("outOfBounds", new long[0], 1000))
                .addNode(node("Gemm", List.of("embedding", "W", "b"), "logits"))
                .addNode(node("Shape", List.of("embedding"), "shape"))
                .addNode(node("Gather", List.of("shape", "zero"), "batch"))
                .addNode(node("Mod", List.of("batch", "two"), "odd"))
                .addNode(node("Sub", List.of("one", "odd"), "even"))
                .addNode(node("Mul", List.of("even", "outOfBounds"), "index"))
                .addNode(node("Gather", List.of("unit", "index"), "scale"))
                .addNode(node("Mul", List.of("logits", "scale"), "scaled"))
                .addNode(node("Softmax", List.of("scaled"), "probabilities")
                        .addAttribute(intAttribute("axis", 1)))
                .build();
        return GraphProtos.model(graph, "RuntimeFailureTest");
    }

    private static OnnxMl.NodeProto.Builder node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setI(value)
                .setType(OnnxMl.AttributeProto.AttributeType.INT).build();
    }

    /** An int64 initializer whose every element is {@code value}; a scalar when {@code dims} is empty. */
    private static OnnxMl.TensorProto longs(String name, long[] dims, long value) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber());
        long count = 1;
        for (long dim : dims) {
            tensor.addDims(dim);
            count *= dim;
        }
        for (long i = 0; i < count; i++) {
            tensor.addInt64Data(value);
        }
        return tensor.build();
    }
}
