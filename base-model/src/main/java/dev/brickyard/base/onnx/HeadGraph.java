package dev.brickyard.base.onnx;

import ai.onnx.proto.OnnxMl;
import dev.brickyard.api.manifest.IoSpec;
import dev.brickyard.api.manifest.TensorSpec;
import java.util.List;

/**
 * The ONNX graph of a linear head (multinomial logistic regression):
 * {@code probabilities = Softmax(embedding × W + b)}, with
 * <pre>
 * input  embedding      float32 [batch, dim]
 * output probabilities  float32 [batch, labels]
 * </pre>
 */
public final class HeadGraph {
    public static final String INPUT = "embedding";
    public static final String OUTPUT = "probabilities";

    private HeadGraph() {
    }

    /** The signature every head graph built here has, as declared in {@code brick.json}. */
    public static IoSpec signature(int dim, int labels) {
        return new IoSpec(List.of(new TensorSpec(INPUT, TensorSpec.FLOAT32, List.of(-1L, (long) dim))),
                List.of(new TensorSpec(OUTPUT, TensorSpec.FLOAT32, List.of(-1L, (long) labels))));
    }

    /**
     * Serialises a linear head.
     *
     * @param weights {@code [dim][labels]}
     * @param bias {@code [labels]}
     * @param producer recorded as the graph's producer, e.g. the brick id
     * @return the bytes of an ONNX model file
     */
    public static byte[] linear(float[][] weights, float[] bias, String producer) {
        int dim = weights.length;
        int labels = bias.length;
        for (float[] row : weights) {
            if (row.length != labels) {
                throw new IllegalArgumentException("every weight row needs " + labels + " columns");
            }
        }
        float[] flat = new float[dim * labels];
        for (int i = 0; i < dim; i++) {
            System.arraycopy(weights[i], 0, flat, i * labels, labels);
        }
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("head")
                .addInput(GraphProtos.batchOfFloats(INPUT, dim))
                .addOutput(GraphProtos.batchOfFloats(OUTPUT, labels))
                .addInitializer(GraphProtos.floatTensor("W", new long[] {dim, labels}, flat))
                .addInitializer(GraphProtos.floatTensor("b", new long[] {labels}, bias))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").setName("linear")
                        .addInput(INPUT).addInput("W").addInput("b").addOutput("logits"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Softmax").setName("softmax")
                        .addInput("logits").addOutput(OUTPUT)
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(1)
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)))
                .build();
        return GraphProtos.model(graph, producer);
    }
}
