package dev.brickyard.base.verify;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.brickyard.api.manifest.Violation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a brick's ONNX graph may contain, checked from the file alone before ONNX Runtime loads or runs it, so a
 * hostile graph costs a parse and nothing more. A brick graph maps a batch of embeddings to a batch of scores:
 * <ul>
 *   <li>operators from an allowlist of element-wise, reduction, linear-algebra and shape operators in the default
 *       ONNX domain: no control flow ({@code Loop}, {@code Scan}, {@code If}, which could run forever), nothing that
 *       makes tensors larger than its inputs by a factor computed at run time or repeated ({@code ConstantOfShape},
 *       {@code Expand}, {@code Tile}, {@code Range}, {@code Pad}, {@code Resize}, {@code Concat}, {@code OneHot},
 *       random generators, ..., which could ask for gigabytes), no custom domains and no subgraphs;</li>
 *   <li>at most {@value #MAX_NODES} nodes;</li>
 *   <li>every tensor stored in the file itself (ONNX's external data would make ONNX Runtime read a path of the
 *       brick's choosing);</li>
 *   <li>at most {@value #MAX_MULTIPLY_ADDS} multiply-adds per input row, counted from the sizes of the weight
 *       matrices of every {@code MatMul} and {@code Gemm}: with the operators above, the work per row is bounded by
 *       the weights it multiplies (the example heads need 1,536 at most, the base model itself ~22 million per
 *       token).</li>
 * </ul>
 * Not bounded here: a broadcast of two initializers of shapes such as {@code [n, 1]} and {@code [1, m]} still makes
 * an {@code n × m} tensor; that needs shape inference or a probe run in a process of its own (docs/security.md).
 */
public final class GraphLimits {
    /** Most nodes in one brick graph. */
    static final int MAX_NODES = 256;
    /** Most multiply-adds per input row, summed over the graph's matrix products. */
    static final long MAX_MULTIPLY_ADDS = 64L << 20;
    /** The operators a brick graph may use. */
    static final Set<String> OPERATORS = Set.of("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Neg", "Abs",
            "Sqrt", "Exp", "Log", "Pow", "Erf", "Tanh", "Sigmoid", "Relu", "LeakyRelu", "Elu", "Softmax",
            "LogSoftmax", "Clip", "Max", "Min", "Identity", "Transpose", "ReduceSum", "ReduceMean", "ReduceMax",
            "ReduceL2", "ReduceMin", "LpNormalization", "LayerNormalization", "Cast", "Constant", "Dropout", "Where",
            "Equal", "Greater", "Less", "Not", "And", "Or", "Mod", "Floor", "Ceil", "Round", "Sign", "Reciprocal",
            "Shape", "Gather", "Reshape", "Squeeze", "Unsqueeze", "Flatten", "Slice", "ArgMax", "ArgMin");

    private GraphLimits() {
    }

    /**
     * Adds a violation at {@code entry} for each limit the graph breaks.
     *
     * @return whether the graph keeps every limit (and so may be loaded)
     */
    public static boolean check(byte[] onnx, String entry, List<Violation> violations) {
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            violations.add(new Violation(entry, "is not an ONNX graph: " + e.getMessage()));
            return false;
        }
        int before = violations.size();
        OnnxMl.GraphProto graph = model.getGraph();
        for (OnnxMl.OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (!isDefaultDomain(opset.getDomain())) {
                violations.add(new Violation(entry, "imports operator domain '" + opset.getDomain()
                        + "'; a brick graph uses only the default ONNX operators"));
            }
        }
        if (model.getFunctionsCount() > 0) {
            violations.add(new Violation(entry, "defines model-local functions; a brick graph uses only the default "
                    + "ONNX operators"));
        }
        if (graph.getNodeCount() > MAX_NODES) {
            violations.add(new Violation(entry, "has " + graph.getNodeCount() + " nodes, more than the "
                    + MAX_NODES + " a brick graph may have"));
        }
        Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
        for (OnnxMl.TensorProto tensor : graph.getInitializerList()) {
            initializers.put(tensor.getName(), tensor);
            if (tensor.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL
                    || tensor.getExternalDataCount() > 0) {
                violations.add(new Violation(entry, "tensor '" + tensor.getName() + "' keeps its data in an "
                        + "external file; a brick's tensors are stored in the graph"));
            }
        }
        long multiplyAdds = 0;
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            String name = node.getName().isEmpty() ? node.getOpType() : node.getName();
            if (!isDefaultDomain(node.getDomain()) || !OPERATORS.contains(node.getOpType())) {
                violations.add(new Violation(entry, "node '" + name + "' uses operator '"
                        + (node.getDomain().isEmpty() ? "" : node.getDomain() + ".") + node.getOpType()
                        + "', which a brick graph may not use (no control flow, no tensors sized at run time)"));
            }
            for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
                if (attribute.hasG() || attribute.getGraphsCount() > 0) {
                    violations.add(new Violation(entry, "node '" + name + "' holds a subgraph"));
                }
                if (attribute.hasT() && attribute.getT().getDataLocation()
                        == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                    violations.add(new Violation(entry, "node '" + name + "' keeps a tensor in an external file"));
                }
            }
            if (node.getOpType().equals("MatMul") || node.getOpType().equals("Gemm")) {
                for (String input : node.getInputList()) {
                    OnnxMl.TensorProto weight = initializers.get(input);
                    if (weight != null && weight.getDimsCount() >= 2) {
                        multiplyAdds = saturatedAdd(multiplyAdds, elements(weight));
                    }
                }
            }
        }
        if (multiplyAdds > MAX_MULTIPLY_ADDS) {
            violations.add(new Violation(entry, "needs " + multiplyAdds + " multiply-adds per input row, more than "
                    + "the " + MAX_MULTIPLY_ADDS + " a brick graph may"));
        }
        return violations.size() == before;
    }

    private static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    private static long elements(OnnxMl.TensorProto tensor) {
        long count = 1;
        for (long dim : tensor.getDimsList()) {
            count = dim <= 0 ? 0 : saturatedMultiply(count, dim);
        }
        return count;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
