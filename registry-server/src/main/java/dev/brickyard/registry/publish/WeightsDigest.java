package dev.brickyard.registry.publish;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The digest copy detection compares weights by: a SHA-256 of what a brick learnt, not of how its files are packed.
 * An ONNX file counts by its tensors (initializers and the values of constant nodes) without their names and doc
 * strings, so the same weights under another producer, graph name or tensor names have the same digest; any other
 * weights file (a knowledge brick's values, an adapter file) counts byte for byte. The parts are sorted before they
 * are hashed, so their order does not matter either. Composites (a recipe that names other bricks) and neuron bricks
 * (no weights files) have no digest: two of them alike say nothing about copying.
 */
final class WeightsDigest {
    private WeightsDigest() {
    }

    /**
     * The digest of a verified bundle's weights, {@code sha256:<hex>}, or empty when it has no learnt weights.
     *
     * @param manifest the bundle's verified {@code brick.json}, which lists its weights files
     */
    static Optional<String> of(Path bundle, BrickManifest manifest) throws IOException {
        if (manifest.kind() == BrickKind.COMPOSITE) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            for (String weights : manifest.weights()) {
                ZipEntry entry = zip.getEntry(BrickHeaders.BRICK_FOLDER + weights);
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                parts.addAll(weights.endsWith(".onnx") ? tensors(bytes) : List.of(sha256(bytes)));
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        parts.sort(null);
        return Optional.of("sha256:" + sha256(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
    }

    /** The digest of each tensor of an ONNX model, nameless; of the whole file if it is not one. */
    private static List<String> tensors(byte[] onnx) {
        OnnxMl.GraphProto graph;
        try {
            graph = OnnxMl.ModelProto.parseFrom(onnx).getGraph();
        } catch (InvalidProtocolBufferException notOnnx) {
            return List.of(sha256(onnx));
        }
        List<OnnxMl.TensorProto> tensors = new ArrayList<>(graph.getInitializerList());
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
                if (attribute.hasT()) {
                    tensors.add(attribute.getT());
                }
                tensors.addAll(attribute.getTensorsList());
            }
        }
        return tensors.stream().map(tensor -> sha256(tensor.toBuilder().clearName().clearDocString().build()
                .toByteArray())).toList();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
