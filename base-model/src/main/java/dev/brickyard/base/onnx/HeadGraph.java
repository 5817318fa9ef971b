package dev.brickyard.base.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.brickyard.api.IoSpec;
import dev.brickyard.api.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    static final long IR_VERSION = 8;
    static final long OPSET = 17;

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
                .addInput(floatValue(INPUT, dim))
                .addOutput(floatValue(OUTPUT, labels))
                .addInitializer(floatTensor("W", new long[] {dim, labels}, flat))
                .addInitializer(floatTensor("b", new long[] {labels}, bias))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").setName("linear")
                        .addInput(INPUT).addInput("W").addInput("b").addOutput("logits"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Softmax").setName("softmax")
                        .addInput("logits").addOutput(OUTPUT)
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(1)
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)))
                .build();
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(producer)
                .setProducerVersion("brickyard")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static OnnxMl.ValueInfoProto floatValue(String name, int width) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private static OnnxMl.TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }
}
