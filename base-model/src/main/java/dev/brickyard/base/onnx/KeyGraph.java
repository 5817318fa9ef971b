package dev.brickyard.base.onnx;

import ai.onnx.proto.OnnxMl;
import dev.brickyard.api.manifest.IoSpec;
import dev.brickyard.api.manifest.TensorSpec;
import java.util.List;

/**
 * The ONNX graph of a knowledge brick's keys: {@code scores = embedding × Kᵀ}, where row {@code i} of {@code K} is
 * the L2-normalised embedding of fact {@code i}'s key, so each score is the cosine similarity of a unit input with a
 * key. One MatMul with the initializer {@code keys} ({@code Kᵀ}, float32 {@code [dim, facts]}), no bias, no softmax:
 * <pre>
 * input  embedding  float32 [batch, dim]
 * output scores     float32 [batch, facts]
 * </pre>
 */
public final class KeyGraph {
    public static final String INPUT = "embedding";
    public static final String OUTPUT = "scores";

    private KeyGraph() {
    }

    /** The signature every key graph built here has, as declared in {@code brick.json}. */
    public static IoSpec signature(int dim, int facts) {
        return new IoSpec(List.of(new TensorSpec(INPUT, TensorSpec.FLOAT32, List.of(-1L, (long) dim))),
                List.of(new TensorSpec(OUTPUT, TensorSpec.FLOAT32, List.of(-1L, (long) facts))));
    }

    /**
     * Serialises the key graph of a set of facts. Each key is normalised here, so the graph answers cosine
     * similarities whatever the length of the vectors given.
     *
     * @param keys {@code [facts][dim]}, one embedding per fact's key, none of them zero
     * @param producer recorded as the graph's producer, e.g. the brick id
     * @return the bytes of an ONNX model file
     * @throws IllegalArgumentException when there are no keys, the rows differ in width or a key is zero or not
     *                                  finite
     */
    public static byte[] of(float[][] keys, String producer) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("a key graph needs at least one key");
        }
        int facts = keys.length;
        int dim = keys[0].length;
        float[] transposed = new float[dim * facts];
        for (int i = 0; i < facts; i++) {
            if (keys[i].length != dim) {
                throw new IllegalArgumentException("key " + i + " is " + keys[i].length + " wide, key 0 is " + dim);
            }
            double norm = 0;
            for (float value : keys[i]) {
                norm += (double) value * value;
            }
            norm = Math.sqrt(norm);
            if (!(norm > 0) || !Double.isFinite(norm)) {
                throw new IllegalArgumentException("key " + i + " has no direction (length " + norm + ")");
            }
            for (int d = 0; d < dim; d++) {
                transposed[d * facts + i] = (float) (keys[i][d] / norm);
            }
        }
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("keys")
                .addInput(GraphProtos.batchOfFloats(INPUT, dim))
                .addOutput(GraphProtos.batchOfFloats(OUTPUT, facts))
                .addInitializer(GraphProtos.floatTensor("keys", new long[] {dim, facts}, transposed))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").setName("similarity")
                        .addInput(INPUT).addInput("keys").addOutput(OUTPUT))
                .build();
        return GraphProtos.model(graph, producer);
    }
}
