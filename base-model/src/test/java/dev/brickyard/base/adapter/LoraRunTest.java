package dev.brickyard.base.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoraAdapter;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import dev.brickyard.base.onnx.GraphProtos;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How ONNX Runtime 1.23 feeds adapter parameters to a graph whose LoRA factors are graph inputs with a symbolic
 * rank: {@code Y = X·W + (X·A)·B}, {@code A = lora.A [4, rank]}, {@code B = lora.B [rank, 3]}. These behaviours
 * decide how the host activates adapters, so each is pinned here.
 */
class LoraRunTest {
    private static final int IN = 4;
    private static final int OUT = 3;
    private static final int SECOND_OUT = 2;
    private static final float TOLERANCE = 1e-5f;

    private static final float[][] X = random(3, IN, 1);
    private static final float[][] W = random(IN, OUT, 2);
    private static final float[][] A = random(IN, 2, 3);
    private static final float[][] B = random(2, OUT, 4);
    private static final float[][] OTHER_A = random(IN, 1, 5);
    private static final float[][] OTHER_B = random(1, OUT, 6);
    private static final float[][] V = random(OUT, SECOND_OUT, 7);
    private static final float[][] A2 = random(OUT, 2, 8);
    private static final float[][] B2 = random(2, SECOND_OUT, 9);

    private static OrtEnvironment environment;
    private static OrtSession baseOnly;
    private static OrtSession oneSite;
    private static OrtSession twoSites;
    private static OrtSession emptyDefaults;

    @BeforeAll
    static void openSessions() throws OrtException {
        environment = OrtEnvironment.getEnvironment();
        baseOnly = environment.createSession(model(Sites.NONE, false), new OrtSession.SessionOptions());
        oneSite = environment.createSession(model(Sites.ONE, false), new OrtSession.SessionOptions());
        twoSites = environment.createSession(model(Sites.TWO, false), new OrtSession.SessionOptions());
        emptyDefaults = environment.createSession(model(Sites.ONE, true), new OrtSession.SessionOptions());
    }

    @AfterAll
    static void closeSessions() throws OrtException {
        baseOnly.close();
        oneSite.close();
        twoSites.close();
        emptyDefaults.close();
    }

    /**
     * (1) Rank-0 factors, empty tensors {@code [4, 0]} and {@code [0, 3]}, leave the base output bit for bit: the
     * same floats as a graph that has no LoRA site at all.
     */
    @Test
    void zeroRankFactorsGiveExactlyTheBaseOutput() throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(environment, X);
             OnnxTensor emptyA = OnnxTensor.createTensor(environment, FloatBuffer.allocate(0), new long[] {IN, 0});
             OnnxTensor emptyB = OnnxTensor.createTensor(environment, FloatBuffer.allocate(0), new long[] {0, OUT});
             OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            float[][] y = run(oneSite, "Y", feeds("X", x, "lora.A", emptyA, "lora.B", emptyB), options);
            assertMatrixEquals(run(baseOnly, "Y", feeds("X", x), options), y, 0f);
            assertMatrixEquals(multiply(X, W), y, TOLERANCE);
        }
    }

    /** (2) An active adapter feeds lora.A and lora.B; the caller feeds only X. */
    @Test
    void activeAdapterFeedsTheFactors() throws OrtException {
        try (OrtLoraAdapter adapter = adapter(A, B, "lora.A", "lora.B");
             OnnxTensor x = OnnxTensor.createTensor(environment, X);
             OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            options.addActiveLoraAdapter(adapter);
            assertMatrixEquals(adapted(X, A, B), run(oneSite, "Y", feeds("X", x), options), TOLERANCE);
        }
    }

    /**
     * (3) When the caller also feeds an input the active adapter feeds, there is no error: the adapter's value
     * silently wins (ONNX Runtime appends adapter parameters after the caller's feeds and the later feed wins).
     */
    @Test
    void adapterWinsOverTheCallerFeedingTheSameInput() throws OrtException {
        try (OrtLoraAdapter adapter = adapter(A, B, "lora.A", "lora.B");
             OnnxTensor x = OnnxTensor.createTensor(environment, X);
             OnnxTensor otherA = OnnxTensor.createTensor(environment, OTHER_A);
             OnnxTensor otherB = OnnxTensor.createTensor(environment, OTHER_B);
             OnnxTensor emptyA = OnnxTensor.createTensor(environment, FloatBuffer.allocate(0), new long[] {IN, 0});
             OnnxTensor emptyB = OnnxTensor.createTensor(environment, FloatBuffer.allocate(0), new long[] {0, OUT});
             OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            options.addActiveLoraAdapter(adapter);
            assertMatrixEquals(adapted(X, A, B),
                    run(oneSite, "Y", feeds("X", x, "lora.A", otherA, "lora.B", otherB), options), TOLERANCE);
            assertMatrixEquals(adapted(X, A, B),
                    run(oneSite, "Y", feeds("X", x, "lora.A", emptyA, "lora.B", emptyB), options), TOLERANCE);
            // Only one factor fed by the caller: the adapter still supplies both.
            assertMatrixEquals(adapted(X, A, B), run(oneSite, "Y", feeds("X", x, "lora.A", otherA), options),
                    TOLERANCE);
        }
    }

    /** (4) Two adapters with disjoint names, one per LoRA site, both active: both apply. */
    @Test
    void twoAdaptersWithDisjointNamesBothApply() throws OrtException {
        try (OrtLoraAdapter first = adapter(A, B, "lora.A", "lora.B");
             OrtLoraAdapter second = adapter(A2, B2, "lora2.A", "lora2.B");
             OnnxTensor x = OnnxTensor.createTensor(environment, X);
             OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            options.addActiveLoraAdapter(first);
            options.addActiveLoraAdapter(second);
            float[][] h = adapted(X, A, B);
            float[][] z = add(multiply(h, V), multiply(multiply(h, A2), B2));
            assertMatrixEquals(z, run(twoSites, "Z", feeds("X", x), options), TOLERANCE);
        }
    }

    /**
     * (5) Two active adapters with the same parameter names: no error; the one added last to the run options wins
     * entirely (its values, its rank), the other is ignored.
     */
    @Test
    void lastAddedOfTwoAdaptersWithTheSameNamesWins() throws OrtException {
        try (OrtLoraAdapter rankTwo = adapter(A, B, "lora.A", "lora.B");
             OrtLoraAdapter rankOne = adapter(OTHER_A, OTHER_B, "lora.A", "lora.B");
             OnnxTensor x = OnnxTensor.createTensor(environment, X);
             OrtSession.RunOptions rankOneLast = new OrtSession.RunOptions();
             OrtSession.RunOptions rankTwoLast = new OrtSession.RunOptions()) {
            rankOneLast.addActiveLoraAdapter(rankTwo);
            rankOneLast.addActiveLoraAdapter(rankOne);
            assertMatrixEquals(adapted(X, OTHER_A, OTHER_B), run(oneSite, "Y", feeds("X", x), rankOneLast),
                    TOLERANCE);
            rankTwoLast.addActiveLoraAdapter(rankOne);
            rankTwoLast.addActiveLoraAdapter(rankTwo);
            assertMatrixEquals(adapted(X, A, B), run(oneSite, "Y", feeds("X", x), rankTwoLast), TOLERANCE);
        }
    }

    /**
     * (6) Empty initializers under the factor inputs' names ({@code [4, 0]}, {@code [0, 3]}) are defaults: with no
     * adapter and only X fed the output is the base one; an active adapter overrides them. ONNX Runtime logs a
     * warning that such initializers are not constant-folded.
     */
    @Test
    void emptyInitializersAreDefaultsAnAdapterOverrides() throws OrtException {
        try (OrtLoraAdapter adapter = adapter(A, B, "lora.A", "lora.B");
             OnnxTensor x = OnnxTensor.createTensor(environment, X);
             OrtSession.RunOptions plain = new OrtSession.RunOptions();
             OrtSession.RunOptions withAdapter = new OrtSession.RunOptions()) {
            assertMatrixEquals(run(baseOnly, "Y", feeds("X", x), plain),
                    run(emptyDefaults, "Y", feeds("X", x), plain), 0f);
            withAdapter.addActiveLoraAdapter(adapter);
            assertMatrixEquals(adapted(X, A, B), run(emptyDefaults, "Y", feeds("X", x), withAdapter), TOLERANCE);
        }
    }

    /** {@code x·W + (x·a)·b}, computed here. */
    private static float[][] adapted(float[][] x, float[][] a, float[][] b) {
        return add(multiply(x, W), multiply(multiply(x, a), b));
    }

    private static OrtLoraAdapter adapter(float[][] a, float[][] b, String aName, String bName) throws OrtException {
        return OrtLoraAdapter.create(AdapterFile.of(1, List.of(AdapterTensor.matrix(aName, a),
                AdapterTensor.matrix(bName, b))).toBytes());
    }

    private static Map<String, OnnxTensor> feeds(Object... namesAndTensors) {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTensors.length; i += 2) {
            feeds.put((String) namesAndTensors[i], (OnnxTensor) namesAndTensors[i + 1]);
        }
        return feeds;
    }

    private static float[][] run(OrtSession session, String output, Map<String, OnnxTensor> feeds,
                                 OrtSession.RunOptions options) throws OrtException {
        try (OrtSession.Result result = session.run(feeds, options)) {
            return (float[][]) result.get(output).orElseThrow().getValue();
        }
    }

    private static void assertMatrixEquals(float[][] expected, float[][] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], tolerance, "row " + i);
        }
    }

    // ---- the models: Y = X·W [+ (X·lora.A)·lora.B] [; Z = Y·V + (Y·lora2.A)·lora2.B] ----

    /** Which LoRA sites a test model has. */
    private enum Sites { NONE, ONE, TWO }

    private static byte[] model(Sites sites, boolean emptyDefaultFactors) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("lora")
                .addInput(GraphProtos.batchOfFloats("X", IN))
                .addInitializer(floatTensor("W", W));
        if (sites == Sites.NONE) {
            graph.addNode(node("MatMul", "X", "W", "Y"));
        } else {
            addSite(graph, "X", "lora", "W", "Y", IN, OUT);
        }
        if (emptyDefaultFactors) {
            graph.addInitializer(emptyTensor("lora.A", IN, 0)).addInitializer(emptyTensor("lora.B", 0, OUT));
        }
        if (sites == Sites.TWO) {
            graph.addInitializer(floatTensor("V", V));
            addSite(graph, "Y", "lora2", "V", "Z", OUT, SECOND_OUT);
            graph.addOutput(GraphProtos.batchOfFloats("Z", SECOND_OUT));
        } else {
            graph.addOutput(GraphProtos.batchOfFloats("Y", OUT));
        }
        return GraphProtos.model(graph.build(), "LoraRunTest");
    }

    /** {@code output = input·weight + (input·prefix.A)·prefix.B}, the factors graph inputs of symbolic rank. */
    private static void addSite(OnnxMl.GraphProto.Builder graph, String input, String prefix, String weight,
                                String output, int in, int out) {
        String rank = prefix + ".rank";
        graph.addInput(GraphProtos.floatValue(prefix + ".A", GraphProtos.fixed(in), GraphProtos.symbolic(rank)))
                .addInput(GraphProtos.floatValue(prefix + ".B", GraphProtos.symbolic(rank), GraphProtos.fixed(out)))
                .addNode(node("MatMul", input, weight, output + ".base"))
                .addNode(node("MatMul", input, prefix + ".A", output + ".down"))
                .addNode(node("MatMul", output + ".down", prefix + ".B", output + ".delta"))
                .addNode(node("Add", output + ".base", output + ".delta", output));
    }

    private static OnnxMl.NodeProto node(String op, String left, String right, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addInput(left).addInput(right)
                .addOutput(output).build();
    }

    private static OnnxMl.TensorProto floatTensor(String name, float[][] rows) {
        int cols = rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return GraphProtos.floatTensor(name, new long[] {rows.length, cols}, flat);
    }

    private static OnnxMl.TensorProto emptyTensor(String name, long rows, long cols) {
        return OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addDims(rows).addDims(cols).setRawData(ByteString.EMPTY).build();
    }

    // ---- reference arithmetic ----

    private static float[][] multiply(float[][] left, float[][] right) {
        int inner = right.length;
        int cols = right[0].length;
        float[][] product = new float[left.length][cols];
        for (int i = 0; i < left.length; i++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                for (int k = 0; k < inner; k++) {
                    sum += (double) left[i][k] * right[k][j];
                }
                product[i][j] = (float) sum;
            }
        }
        return product;
    }

    private static float[][] add(float[][] left, float[][] right) {
        float[][] sum = new float[left.length][];
        for (int i = 0; i < left.length; i++) {
            sum[i] = new float[left[i].length];
            for (int j = 0; j < left[i].length; j++) {
                sum[i][j] = left[i][j] + right[i][j];
            }
        }
        return sum;
    }

    private static float[][] random(int rows, int cols, long seed) {
        Random random = new Random(seed);
        float[][] matrix = new float[rows][cols];
        for (float[] row : matrix) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return matrix;
    }
}
