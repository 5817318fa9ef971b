package dev.brickyard.base.graph;

import static dev.brickyard.base.onnx.GraphProtos.fixed;
import static dev.brickyard.base.onnx.GraphProtos.floatValue;
import static dev.brickyard.base.onnx.GraphProtos.symbolic;

import ai.onnx.proto.OnnxMl;
import dev.brickyard.api.BrickException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Graph surgery on the base model's ONNX graph (protobufs from {@code tribuo-util-onnx}). For each option:
 * <pre>
 * neuron masks     act.L            -> Mul(act.L, ffn_mask.L)  feeds what act.L fed (FFN out MatMul)
 *                  input ffn_mask.L  float [batch, 1, 1536]    1 keeps a neuron, 0 silences it
 * activations      output ffn_activation.L  float [batch, sequence, 1536]  (act.L before the mask)
 * LoRA site S      Y = X·W       -> Y = X·W + (X·A)·B          (in the int8 graph X is the float input
 *                  inputs lora.S.A float [in, rank_S], lora.S.B float [rank_S, out]   that was quantised)
 * </pre>
 * Captures expose further tensors of the graph as outputs under their own names.
 * {@code act.L} is the GELU output of layer L
 * ({@code /encoder/layer.L/intermediate/intermediate_act_fn/Mul_1_output_0}).
 * All new inputs are required (ONNX Runtime's Java binding cannot override initializers), so a run with nothing
 * active feeds masks of ones and rank-0 A and B, whose product is exactly zero: outputs equal the original's.
 * An active adapter feeds its A and B through ONNX Runtime's LoRA API instead.
 */
public final class ConfigurableGraph {
    /** Width of an FFN activation (neurons per layer). */
    public static final int NEURONS = 1536;

    private ConfigurableGraph() {
    }

    /** Name of the mask input of a layer. */
    public static String maskInput(int layer) {
        return "ffn_mask." + layer;
    }

    /** Name of the activation output of a layer. */
    public static String activationOutput(int layer) {
        return "ffn_activation." + layer;
    }

    static String activation(int layer) {
        return "/encoder/layer." + layer + "/intermediate/intermediate_act_fn/Mul_1_output_0";
    }

    /**
     * Rewrites a base graph.
     *
     * @param original the bytes of the base model's ONNX file
     * @return the bytes of the rewritten model (the original bytes when {@code options} asks for nothing)
     * @throws BrickException when the graph lacks a tensor the options need (not all-MiniLM-L6-v2)
     */
    public static byte[] rewrite(byte[] original, GraphOptions options) throws BrickException {
        if (options.isOriginal()) {
            return original;
        }
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(original);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new BrickException("the base model is not a readable ONNX file: " + e.getMessage(), e);
        }
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, Integer> producers = new HashMap<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            for (String output : graph.getNode(i).getOutputList()) {
                producers.put(output, i);
            }
        }
        List<OnnxMl.NodeProto> nodes = new ArrayList<>(graph.getNodeList());
        // New nodes go right after the node producing the tensor they read, which keeps the graph sorted.
        Map<Integer, List<OnnxMl.NodeProto>> insertAfter = new HashMap<>();
        OnnxMl.GraphProto.Builder rewritten = graph.toBuilder();

        for (LoraSite site : options.sortedSites()) {
            int producer = requireProducer(producers, site.product(), "LoRA site " + site);
            String input = floatInputOf(graph, producers, nodes.get(producer), site);
            String base = site.product() + ".base";
            nodes.set(producer, renameOutput(nodes.get(producer), site.product(), base));
            String down = "lora." + site.name() + ".XA";
            String up = "lora." + site.name() + ".XAB";
            insertAfter.computeIfAbsent(producer, k -> new ArrayList<>()).addAll(List.of(
                    node("MatMul", down, List.of(input, site.parameterA()), down),
                    node("MatMul", up, List.of(down, site.parameterB()), up),
                    node("Add", "lora." + site.name() + ".add", List.of(base, up), site.product())));
            String rank = "lora_rank." + site.name();
            rewritten.addInput(floatValue(site.parameterA(), fixed(site.inputs()), symbolic(rank)));
            rewritten.addInput(floatValue(site.parameterB(), symbolic(rank), fixed(site.outputs())));
        }
        if (options.neuronMasks() || options.activationOutputs()) {
            for (int layer = 0; layer < LoraSite.LAYERS; layer++) {
                String activation = activation(layer);
                int producer = requireProducer(producers, activation, "FFN activation of layer " + layer);
                List<OnnxMl.NodeProto> added = insertAfter.computeIfAbsent(producer, k -> new ArrayList<>());
                if (options.activationOutputs()) {
                    added.add(node("Identity", activationOutput(layer), List.of(activation),
                            activationOutput(layer)));
                    rewritten.addOutput(floatValue(activationOutput(layer), symbolic("batch"),
                            symbolic("sequence"), fixed(NEURONS)));
                }
                if (options.neuronMasks()) {
                    String masked = activation + ".masked";
                    for (int i = 0; i < nodes.size(); i++) {
                        if (i != producer) {
                            nodes.set(i, renameInput(nodes.get(i), activation, masked));
                        }
                    }
                    // Renamed consumers may already sit in the insertion lists (a LoRA site reading act.L).
                    // The activation output stays before the mask: it shows what the neurons computed.
                    String output = activationOutput(layer);
                    insertAfter.replaceAll((at, list) -> list.stream()
                            .map(n -> n.getName().equals(output) ? n : renameInput(n, activation, masked))
                            .toList());
                    added = insertAfter.get(producer);
                    List<OnnxMl.NodeProto> withMask = new ArrayList<>(added);
                    withMask.add(0, node("Mul", "ffn_mask." + layer + ".apply",
                            List.of(activation, maskInput(layer)), masked));
                    insertAfter.put(producer, withMask);
                    rewritten.addInput(floatValue(maskInput(layer), symbolic("batch"), fixed(1),
                            fixed(NEURONS)));
                }
            }
        }
        for (String capture : new java.util.TreeSet<>(options.captures())) {
            requireProducer(producers, capture, "capture");
            rewritten.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(capture)
                    .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                            .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()))));
        }
        rewritten.clearNode();
        for (int i = 0; i < nodes.size(); i++) {
            rewritten.addNode(nodes.get(i));
            for (OnnxMl.NodeProto extra : insertAfter.getOrDefault(i, List.of())) {
                rewritten.addNode(extra);
            }
        }
        return model.toBuilder().setGraph(rewritten).build().toByteArray();
    }

    /**
     * Reads float initializers (weights) of a model by name.
     *
     * @throws BrickException naming a tensor the model lacks or that is not float32 raw data
     */
    public static Map<String, float[]> initializers(byte[] model, java.util.Collection<String> names)
            throws BrickException {
        OnnxMl.GraphProto graph;
        try {
            graph = OnnxMl.ModelProto.parseFrom(model).getGraph();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new BrickException("the base model is not a readable ONNX file: " + e.getMessage(), e);
        }
        Map<String, float[]> found = new java.util.LinkedHashMap<>();
        for (OnnxMl.TensorProto tensor : graph.getInitializerList()) {
            if (names.contains(tensor.getName())) {
                if (tensor.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber() || !tensor.hasRawData()) {
                    throw new BrickException("initializer " + tensor.getName() + " is not float32 raw data");
                }
                java.nio.FloatBuffer values = tensor.getRawData().asReadOnlyByteBuffer()
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                float[] copy = new float[values.remaining()];
                values.get(copy);
                found.put(tensor.getName(), copy);
            }
        }
        for (String name : names) {
            if (!found.containsKey(name)) {
                throw new BrickException("the base model has no initializer " + name);
            }
        }
        return found;
    }

    private static int requireProducer(Map<String, Integer> producers, String tensor, String what)
            throws BrickException {
        Integer producer = producers.get(tensor);
        if (producer == null) {
            throw new BrickException("the base graph has no tensor " + tensor + " for the " + what
                    + "; graph surgery knows the all-MiniLM-L6-v2 graphs only");
        }
        return producer;
    }

    /**
     * The float tensor X of {@code Y = X·W}: the MatMul's first input in the fp32 graph; in the int8 graph the
     * product is rescaled from a MatMulInteger whose first input was quantised by a DynamicQuantizeLinear of X.
     */
    private static String floatInputOf(OnnxMl.GraphProto graph, Map<String, Integer> producers,
                                       OnnxMl.NodeProto producer, LoraSite site) throws BrickException {
        if (producer.getOpType().equals("MatMul")) {
            return producer.getInput(0);
        }
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("MatMulInteger") && node.getName().startsWith(
                    site.product().substring(0, site.product().length() - "_output_0".length()))) {
                Integer quantiser = producers.get(node.getInput(0));
                if (quantiser != null && graph.getNode(quantiser).getOpType().equals("DynamicQuantizeLinear")) {
                    return graph.getNode(quantiser).getInput(0);
                }
            }
        }
        throw new BrickException("cannot find the float input of LoRA site " + site + " (" + site.product()
                + " is made by a " + producer.getOpType() + ")");
    }

    private static OnnxMl.NodeProto node(String op, String name, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output)
                .build();
    }

    private static OnnxMl.NodeProto renameOutput(OnnxMl.NodeProto node, String from, String to) {
        OnnxMl.NodeProto.Builder builder = node.toBuilder();
        for (int i = 0; i < builder.getOutputCount(); i++) {
            if (builder.getOutput(i).equals(from)) {
                builder.setOutput(i, to);
            }
        }
        return builder.build();
    }

    private static OnnxMl.NodeProto renameInput(OnnxMl.NodeProto node, String from, String to) {
        if (!node.getInputList().contains(from) || node.getOutputList().contains(to)) {
            return node;
        }
        OnnxMl.NodeProto.Builder builder = node.toBuilder();
        for (int i = 0; i < builder.getInputCount(); i++) {
            if (builder.getInput(i).equals(from)) {
                builder.setInput(i, to);
            }
        }
        return builder.build();
    }
}
