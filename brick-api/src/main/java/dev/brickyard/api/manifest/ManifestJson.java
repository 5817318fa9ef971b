package dev.brickyard.api.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads, validates and writes {@code brick.json}. Validation checks the JSON tree rather than the bound record so
 * that a type error in one field does not hide the others: every violation is reported at once, each with its
 * JSON path. The rules about single fields are the published JSON Schema ({@code brick.schema.json}, see
 * {@link ManifestSchema}); the rules that relate fields are {@link ManifestRules}.
 */
public final class ManifestJson {
    /** Longest accepted {@code brick.json}, in bytes. */
    public static final int MAX_BYTES = 1 << 20;
    /** The limits below are also in the schema; a test keeps the two equal. */
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_TAGS = 20;
    static final int MAX_LABELS = 1000;
    /** Largest rank of one LoRA site of an adapter. */
    public static final int MAX_ADAPTER_RANK = 1024;
    /** Most neurons a neuron brick may name, over all its layers. */
    public static final int MAX_NEURONS = 100_000;
    /** How every weights file of an adapter ends: ONNX Runtime's adapter format. */
    public static final String ADAPTER_FILE_SUFFIX = ".onnx_adapter";
    /**
     * A LoRA site of an adapter: group 1 is the layer number (decimal, without leading zeros, so that one layer has
     * one spelling), group 2 the matrix. Whether the layer exists is the base model's business, not the format's.
     */
    public static final Pattern ADAPTER_SITE =
            Pattern.compile("layer\\.(0|[1-9][0-9]{0,8})\\.(query|key|value|attention_out|ffn_in|ffn_out)");
    /** The merge methods of {@code brick merge}, as {@code $.merge.method} spells them. */
    public static final List<String> MERGE_METHODS = List.of("linear", "task-arithmetic", "ties", "dare");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // metrics is a map: sorted keys make the same manifest always the same bytes
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A JSON text is one value: bytes after the manifest object make brick.json invalid, not ignored.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ManifestJson() {
    }

    /**
     * Parses and validates a manifest.
     *
     * @throws MalformedBrickException listing every violation, or saying the bytes are not JSON
     */
    public static BrickManifest read(byte[] json) throws MalformedBrickException {
        if (json.length > MAX_BYTES) {
            throw new MalformedBrickException("brick.json is " + json.length + " bytes, more than the limit of "
                    + MAX_BYTES);
        }
        JsonNode tree = parseTree(json);
        List<Violation> violations = validate(tree);
        if (!violations.isEmpty()) {
            throw new MalformedBrickException("brick.json breaks the brick format", violations);
        }
        try {
            return MAPPER.treeToValue(tree, BrickManifest.class);
        } catch (JsonProcessingException e) {
            throw new MalformedBrickException("brick.json could not be read: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a manifest from a stream, which it does not close. */
    public static BrickManifest read(InputStream in) throws MalformedBrickException, IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        return read(bytes);
    }

    /** The manifest as indented UTF-8 JSON, fields in the documented order. */
    public static byte[] write(BrickManifest manifest) {
        try {
            return (MAPPER.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest record always serialises", e);
        }
    }

    /**
     * Checks a manifest without binding it. An empty list means it is valid.
     *
     * @param tree the parsed {@code brick.json}
     */
    public static List<Violation> validate(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return new ArrayList<>(List.of(new Violation("$", "must be a JSON object")));
        }
        BrickKind kind = ManifestRules.kindOf(tree);
        // The sections this kind must not have are refused whole by the rules, not checked field by field.
        ObjectNode checked = ((ObjectNode) tree).deepCopy();
        checked.remove(ManifestRules.foreignSections(kind));
        // A number too large for a double (1e309) parses as infinity, which the schema validator cannot compare:
        // each is reported here, and the schema sees null in its place.
        List<Violation> out = new ArrayList<>();
        replaceNonFinite(checked, "$", out);
        Set<String> infinite = new HashSet<>();
        out.forEach(violation -> infinite.add(violation.path()));
        ManifestSchema.check(checked, kind).stream().filter(violation -> !infinite.contains(violation.path()))
                .forEach(out::add);
        Set<String> faulty = new HashSet<>();
        out.forEach(violation -> faulty.add(violation.path()));
        for (Violation violation : ManifestRules.check(tree, faulty)) {
            if (!out.contains(violation)) {
                out.add(violation);
            }
        }
        return out;
    }

    /** Reports every number too large for a double (it parses as infinity) and puts null in its place. */
    private static void replaceNonFinite(JsonNode node, String path, List<Violation> violations) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String at = path + "." + field.getKey();
                if (isNonFinite(field.getValue(), at, violations)) {
                    field.setValue(NullNode.getInstance());
                } else {
                    replaceNonFinite(field.getValue(), at, violations);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String at = path + "[" + i + "]";
                if (isNonFinite(array.get(i), at, violations)) {
                    array.set(i, NullNode.getInstance());
                } else {
                    replaceNonFinite(array.get(i), at, violations);
                }
            }
        }
    }

    private static boolean isNonFinite(JsonNode value, String path, List<Violation> violations) {
        boolean nonFinite = value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue());
        if (nonFinite) {
            violations.add(new Violation(path, "must be a finite number"));
        }
        return nonFinite;
    }

    /** Exposed for tools that edit a manifest as a tree before validating it. */
    public static ObjectNode toTree(BrickManifest manifest) {
        return MAPPER.valueToTree(manifest);
    }

    /** Parses JSON bytes to a tree without validating, for tools that report on a broken manifest. */
    public static JsonNode parseTree(byte[] json) throws MalformedBrickException {
        Utf8Json.require(json, "brick.json");
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new MalformedBrickException("brick.json is not valid JSON: " + reason, e);
        }
    }

}
