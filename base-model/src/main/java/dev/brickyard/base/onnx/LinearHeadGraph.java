package dev.brickyard.base.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.brickyard.api.MalformedBrickException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads W and b back from a head graph of exactly the linear form {@link HeadGraph#linear} writes:
 * <pre>
 * embedding [batch, dim] ── Gemm(W [dim, labels], b [labels]) ── Softmax(axis 1) ── probabilities [batch, labels]
 * </pre>
 * with Gemm's defaults (alpha 1, beta 1, no transposes) and W, b float32 initializers. Any other graph (a hidden
 * layer, another activation, weights computed at run time) is refused: its parameters are not a task vector that
 * merges entry by entry.
 */
public final class LinearHeadGraph {
    private static final String FORM = "a linear head: Gemm of embedding, W [dim, labels] and b [labels], then Softmax";

    private LinearHeadGraph() {
    }

    /**
     * The head's parameters.
     *
     * @param owner how the message names the head, e.g. {@code acme/mood@1.0.0 head.onnx}
     * @throws MalformedBrickException naming what makes the graph other than linear
     */
    public static HeadParameters read(byte[] onnx, String owner, int dim, int labels) throws MalformedBrickException {
        OnnxMl.GraphProto graph;
        try {
            graph = OnnxMl.ModelProto.parseFrom(onnx).getGraph();
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedBrickException(owner + " is not an ONNX model: " + e.getMessage());
        }
        List<String> nodes = graph.getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
        if (graph.getNodeCount() != 2 || !graph.getNode(0).getOpType().equals("Gemm")
                || !graph.getNode(1).getOpType().equals("Softmax")) {
            throw refused(owner, "its nodes are " + nodes);
        }
        OnnxMl.NodeProto gemm = graph.getNode(0);
        OnnxMl.NodeProto softmax = graph.getNode(1);
        if (!gemm.getInputList().equals(List.of(HeadGraph.INPUT, "W", "b")) || gemm.getOutputCount() != 1
                || !softmax.getInputList().equals(gemm.getOutputList())
                || !softmax.getOutputList().equals(List.of(HeadGraph.OUTPUT))) {
            throw refused(owner, "Gemm reads " + gemm.getInputList() + " and Softmax reads " + softmax.getInputList()
                    + " into " + softmax.getOutputList());
        }
        for (OnnxMl.AttributeProto attribute : gemm.getAttributeList()) {
            boolean neutral = switch (attribute.getName()) {
                case "alpha", "beta" -> attribute.getF() == 1f;
                case "transA", "transB" -> attribute.getI() == 0;
                default -> false;
            };
            if (!neutral) {
                throw refused(owner, "its Gemm has " + attribute.getName() + " set");
            }
        }
        for (OnnxMl.AttributeProto attribute : softmax.getAttributeList()) {
            if (!attribute.getName().equals("axis") || (attribute.getI() != 1 && attribute.getI() != -1)) {
                throw refused(owner, "its Softmax is not over the labels (attribute " + attribute.getName() + ")");
            }
        }
        Map<String, OnnxMl.TensorProto> initializers = graph.getInitializerList().stream()
                .collect(Collectors.toMap(OnnxMl.TensorProto::getName, Function.identity(), (a, b) -> a));
        float[] w = floats(initializers.get("W"), new long[] {dim, labels}, owner);
        float[] b = floats(initializers.get("b"), new long[] {labels}, owner);
        float[][] weights = new float[dim][];
        for (int row = 0; row < dim; row++) {
            weights[row] = Arrays.copyOfRange(w, row * labels, (row + 1) * labels);
        }
        return new HeadParameters(weights, b);
    }

    /** A float32 initializer of exactly these dimensions, from raw little-endian data or float_data. */
    private static float[] floats(OnnxMl.TensorProto tensor, long[] dims, String owner) throws MalformedBrickException {
        if (tensor == null) {
            throw refused(owner, "it has no initializer for " + (dims.length == 2 ? "W" : "b"));
        }
        if (tensor.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()
                || !Arrays.equals(tensor.getDimsList().stream().mapToLong(Long::longValue).toArray(), dims)) {
            throw refused(owner, tensor.getName() + " is not float32 " + Arrays.toString(dims) + " (it has type "
                    + tensor.getDataType() + ", dims " + tensor.getDimsList() + ")");
        }
        int count = Math.toIntExact(Arrays.stream(dims).reduce(1, Math::multiplyExact));
        float[] values = new float[count];
        if (tensor.hasRawData()) {
            if (tensor.getRawData().size() != count * Float.BYTES) {
                throw refused(owner, tensor.getName() + " holds " + tensor.getRawData().size() + " bytes, not "
                        + count * Float.BYTES);
            }
            ByteBuffer.wrap(tensor.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(values);
        } else if (tensor.getFloatDataCount() == count) {
            for (int i = 0; i < count; i++) {
                values[i] = tensor.getFloatData(i);
            }
        } else {
            throw refused(owner, tensor.getName() + " does not hold its " + count + " values inline");
        }
        return values;
    }

    private static MalformedBrickException refused(String owner, String detail) {
        return new MalformedBrickException(owner + " is not " + FORM + " (" + detail + ")");
    }
}
