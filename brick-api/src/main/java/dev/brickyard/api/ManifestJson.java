package dev.brickyard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads, validates and writes {@code brick.json}. Validation walks the JSON tree rather than the bound record so
 * that a type error in one field does not hide the others: every violation is reported at once, each with its
 * JSON path.
 */
public final class ManifestJson {
    /** Longest accepted {@code brick.json}, in bytes. */
    public static final int MAX_BYTES = 1 << 20;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_TAGS = 20;
    static final int MAX_LABELS = 1000;

    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern BASE_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Set<String> FIELDS = Set.of("schemaVersion", "id", "version", "kind", "origin",
            "granularity", "description", "tags", "labels", "io", "routingKey", "metrics", "license", "authors",
            "base", "weights");

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
        List<Violation> out = new ArrayList<>();
        if (tree == null || !tree.isObject()) {
            out.add(new Violation("$", "must be a JSON object"));
            return out;
        }
        Iterator<String> names = tree.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                out.add(new Violation("$." + name, "unknown field (known: " + String.join(", ", sorted(FIELDS))
                        + ")"));
            }
        }
        JsonNode schemaVersion = tree.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.intValue() != BrickManifest.SCHEMA_VERSION) {
            out.add(new Violation("$.schemaVersion", "required, must be " + BrickManifest.SCHEMA_VERSION));
        }
        requiredText(tree, "id", out, BrickId::isValid,
                "must be namespace/name in lower-case letters, digits and hyphens, e.g. acme/sentiment");
        requiredText(tree, "version", out, text -> text.length() <= 64 && SemVer.isValid(text),
                "must be a semantic version such as 1.2.0, at most 64 characters");
        BrickKind kind = requiredEnum(tree, "kind", out, BrickKind::fromJson, BrickKind.values(),
                BrickKind::jsonName);
        requiredEnum(tree, "origin", out, BrickOrigin::fromJson, BrickOrigin.values(), BrickOrigin::jsonName);
        requiredEnum(tree, "granularity", out, Granularity::fromJson, Granularity.values(), Granularity::jsonName);
        requiredText(tree, "description", out, text -> !text.isBlank() && text.length() <= MAX_DESCRIPTION,
                "must be a non-empty text of at most " + MAX_DESCRIPTION + " characters");
        requiredText(tree, "license", out, text -> !text.isBlank() && text.length() <= 100,
                "must be a licence name or SPDX expression, e.g. Apache-2.0");
        List<String> tags = textArray(tree, "tags", false, out, text -> TAG.matcher(text).matches(),
                "must be lower-case letters, digits and hyphens, at most 32 characters");
        if (tags.size() > MAX_TAGS) {
            out.add(new Violation("$.tags", "at most " + MAX_TAGS + " tags"));
        }
        boolean labelled = kind == BrickKind.HEAD || kind == BrickKind.COMPOSITE;
        List<String> labels = textArray(tree, "labels", labelled, out,
                text -> !text.isBlank() && text.length() <= 100, "must be a non-empty text of at most 100 characters");
        if (labelled && tree.has("labels") && labels.size() < 2) {
            out.add(new Violation("$.labels", kind == BrickKind.HEAD ? "a head needs at least two labels"
                    : "a composite needs at least two labels: the label space its components share"));
        }
        if (labels.size() > MAX_LABELS) {
            out.add(new Violation("$.labels", "at most " + MAX_LABELS + " labels"));
        }
        if (kind == BrickKind.KNOWLEDGE && tree.path("labels").isArray() && !tree.path("labels").isEmpty()) {
            out.add(new Violation("$.labels", "a knowledge brick has no labels: its facts are in its values file"));
        }
        List<String> authors = textArray(tree, "authors", true, out, text -> !text.isBlank(),
                "must be a non-empty name");
        if (tree.has("authors") && authors.isEmpty() && tree.get("authors").isArray()) {
            out.add(new Violation("$.authors", "name at least one author"));
        }
        int dim = validateBase(tree.get("base"), out);
        validateRoutingKey(tree.get("routingKey"), dim, out);
        validateMetrics(tree.get("metrics"), out);
        List<String> weights = textArray(tree, "weights",
                kind == BrickKind.HEAD || kind == BrickKind.KNOWLEDGE || kind == BrickKind.COMPOSITE, out,
                text -> SAFE_FILE.matcher(text).matches() && !text.contains(".."),
                "must be a relative path under brick/ without '..', e.g. head.onnx");
        if (kind == BrickKind.HEAD && tree.has("weights") && weights.isEmpty() && tree.get("weights").isArray()) {
            out.add(new Violation("$.weights", "a head needs its ONNX graph, e.g. [\"head.onnx\"]"));
        }
        if (kind == BrickKind.KNOWLEDGE && tree.path("weights").isArray() && tree.path("weights").size() != 2) {
            out.add(new Violation("$.weights", "a knowledge brick has exactly two files, its key graph and its "
                    + "values, e.g. [\"keys.onnx\", \"values.jsonl\"]"));
        }
        JsonNode weightsNode = tree.path("weights");
        if (kind == BrickKind.COMPOSITE && weightsNode.isArray()
                && !(weightsNode.size() == 1 && CompositeRecipe.FILE.equals(weightsNode.get(0).textValue()))) {
            out.add(new Violation("$.weights", "a composite has exactly one file, its recipe: [\""
                    + CompositeRecipe.FILE + "\"]"));
        }
        // The output width must match the labels as written: an invalid or duplicate label is reported where it
        // is, not again as a wrong output shape.
        int declaredLabels = tree.path("labels").isArray() ? tree.path("labels").size() : 0;
        validateIo(tree.get("io"), kind, declaredLabels, dim, out);
        return out;
    }

    private static int validateBase(JsonNode base, List<Violation> out) {
        if (base == null || !base.isObject()) {
            out.add(new Violation("$.base", "required object {name, dim, digest}"));
            return -1;
        }
        base.fieldNames().forEachRemaining(name -> {
            if (!Set.of("name", "dim", "digest").contains(name)) {
                out.add(new Violation("$.base." + name, "unknown field (known: digest, dim, name)"));
            }
        });
        JsonNode name = base.get("name");
        if (name == null || !name.isTextual() || !BASE_NAME.matcher(name.textValue()).matches()) {
            out.add(new Violation("$.base.name", "required, the base model's name such as all-minilm-l6-v2"));
        }
        JsonNode digest = base.get("digest");
        if (digest == null || !digest.isTextual() || !DIGEST.matcher(digest.textValue()).matches()) {
            out.add(new Violation("$.base.digest", "required, sha256: followed by 64 lower-case hex digits"));
        }
        JsonNode dim = base.get("dim");
        if (dim == null || !dim.isInt() || dim.intValue() <= 0) {
            out.add(new Violation("$.base.dim", "required, a positive integer such as 384"));
            return -1;
        }
        return dim.intValue();
    }

    private static void validateRoutingKey(JsonNode key, int dim, List<Violation> out) {
        if (key == null) {
            return;
        }
        if (!key.isArray()) {
            out.add(new Violation("$.routingKey", "must be an array of numbers"));
            return;
        }
        if (key.isEmpty()) {
            return;
        }
        if (dim > 0 && key.size() != dim) {
            out.add(new Violation("$.routingKey", "has " + key.size() + " numbers, the base model's embedding has "
                    + dim));
        }
        double norm = 0;
        for (int i = 0; i < key.size(); i++) {
            JsonNode value = key.get(i);
            if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                out.add(new Violation("$.routingKey[" + i + "]", "must be a finite number"));
                return;
            }
            norm += value.doubleValue() * value.doubleValue();
        }
        if (Math.abs(Math.sqrt(norm) - 1) > 1e-3) {
            out.add(new Violation("$.routingKey", "must be a unit vector (its length is " + Math.sqrt(norm) + ")"));
        }
    }

    private static void validateMetrics(JsonNode metrics, List<Violation> out) {
        if (metrics == null) {
            return;
        }
        if (!metrics.isObject()) {
            out.add(new Violation("$.metrics", "must be an object of name to number"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isNumber() || !Double.isFinite(entry.getValue().doubleValue())) {
                out.add(new Violation("$.metrics." + entry.getKey(), "must be a finite number"));
            }
        }
    }

    /**
     * The structural rules for every kind, then the shapes of the kinds whose graphs are specified: a head reads the
     * pooled embedding and gives one column per label; a knowledge brick reads it and gives one score per fact. A
     * composite has no graph, so no {@code io}.
     */
    private static void validateIo(JsonNode io, BrickKind kind, int labelCount, int dim, List<Violation> out) {
        if (kind == BrickKind.COMPOSITE) {
            if (io != null) {
                out.add(new Violation("$.io", "a composite has no graph of its own, so no io: it answers over its "
                        + "labels with what its components give"));
            }
            return;
        }
        String what = kind == BrickKind.HEAD ? "a head" : "a knowledge brick";
        boolean specified = kind == BrickKind.HEAD || kind == BrickKind.KNOWLEDGE;
        if (io == null) {
            if (specified) {
                out.add(new Violation("$.io", what + " must declare its inputs and outputs"));
            }
            return;
        }
        if (!io.isObject()) {
            out.add(new Violation("$.io", "must be an object {inputs, outputs}"));
            return;
        }
        List<List<Long>> inputs = tensorList(io.get("inputs"), "$.io.inputs", out);
        List<List<Long>> outputs = tensorList(io.get("outputs"), "$.io.outputs", out);
        if (!specified) {
            return;
        }
        if (inputs.size() == 1 && dim > 0 && !inputs.get(0).equals(List.of(-1L, (long) dim))) {
            out.add(new Violation("$.io.inputs[0].shape", what + " reads [-1, " + dim + "] (the pooled embedding)"));
        } else if (inputs.size() > 1) {
            out.add(new Violation("$.io.inputs", what + " has exactly one input"));
        }
        if (outputs.size() > 1) {
            out.add(new Violation("$.io.outputs", what + " has exactly one output"));
        } else if (outputs.size() == 1 && kind == BrickKind.HEAD && labelCount >= 2
                && !outputs.get(0).equals(List.of(-1L, (long) labelCount))) {
            out.add(new Violation("$.io.outputs[0].shape", "a head with " + labelCount + " labels gives [-1, "
                    + labelCount + "]"));
        } else if (outputs.size() == 1 && kind == BrickKind.KNOWLEDGE) {
            List<Long> shape = outputs.get(0);
            if (shape.size() != 2 || shape.get(0) != -1L || shape.get(1) < 1) {
                out.add(new Violation("$.io.outputs[0].shape", "a knowledge brick gives [-1, N], one score for each "
                        + "of its N facts (found " + shape + ")"));
            }
        }
    }

    private static List<List<Long>> tensorList(JsonNode list, String path, List<Violation> out) {
        List<List<Long>> shapes = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            out.add(new Violation(path, "required, a non-empty array of {name, dtype, shape}"));
            return shapes;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode tensor = list.get(i);
            if (!tensor.isObject()) {
                out.add(new Violation(at, "must be an object {name, dtype, shape}"));
                continue;
            }
            if (!tensor.path("name").isTextual() || tensor.path("name").textValue().isBlank()) {
                out.add(new Violation(at + ".name", "required, the tensor's name in the graph"));
            }
            if (!TensorSpec.FLOAT32.equals(tensor.path("dtype").textValue())) {
                out.add(new Violation(at + ".dtype", "must be float32"));
            }
            JsonNode shape = tensor.get("shape");
            List<Long> dims = new ArrayList<>();
            if (shape == null || !shape.isArray() || shape.isEmpty()) {
                out.add(new Violation(at + ".shape", "required, an array of dimensions (-1 for dynamic)"));
            } else {
                for (int d = 0; d < shape.size(); d++) {
                    JsonNode value = shape.get(d);
                    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < -1
                            || value.longValue() == 0) {
                        out.add(new Violation(at + ".shape[" + d + "]", "must be a positive integer or -1"));
                    } else {
                        dims.add(value.longValue());
                    }
                }
            }
            shapes.add(dims);
        }
        return shapes;
    }

    private static void requiredText(JsonNode tree, String field, List<Violation> out,
                                     java.util.function.Predicate<String> valid, String rule) {
        JsonNode value = tree.get(field);
        if (value == null || value.isNull()) {
            out.add(new Violation("$." + field, "required; " + rule));
        } else if (!value.isTextual() || !valid.test(value.textValue())) {
            out.add(new Violation("$." + field, rule + " (found " + abbreviate(value) + ")"));
        }
    }

    private static <E> E requiredEnum(JsonNode tree, String field, List<Violation> out,
                                      Function<String, java.util.Optional<E>> lookup, E[] values,
                                      Function<E, String> spelling) {
        JsonNode value = tree.get(field);
        java.util.Optional<E> found = value != null && value.isTextual() ? lookup.apply(value.textValue())
                : java.util.Optional.empty();
        if (found.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (E each : values) {
                names.add(spelling.apply(each));
            }
            out.add(new Violation("$." + field, (value == null ? "required; " : "") + "must be one of "
                    + String.join(", ", names) + (value == null ? "" : " (found " + abbreviate(value) + ")")));
            return null;
        }
        return found.get();
    }

    private static List<String> textArray(JsonNode tree, String field, boolean required, List<Violation> out,
                                          java.util.function.Predicate<String> valid, String rule) {
        List<String> values = new ArrayList<>();
        JsonNode array = tree.get(field);
        if (array == null) {
            if (required) {
                out.add(new Violation("$." + field, "required array"));
            }
            return values;
        }
        if (!array.isArray()) {
            out.add(new Violation("$." + field, "must be an array of texts"));
            return values;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isTextual() || !valid.test(item.textValue())) {
                out.add(new Violation("$." + field + "[" + i + "]", rule + " (found " + abbreviate(item) + ")"));
            } else if (!seen.add(item.textValue())) {
                out.add(new Violation("$." + field + "[" + i + "]", "duplicate '" + item.textValue() + "'"));
            } else {
                values.add(item.textValue());
            }
        }
        return values;
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /** Exposed for tools that edit a manifest as a tree before validating it. */
    public static ObjectNode toTree(BrickManifest manifest) {
        return MAPPER.valueToTree(manifest);
    }

    /** Parses JSON bytes to a tree without validating, for tools that report on a broken manifest. */
    public static JsonNode parseTree(byte[] json) throws MalformedBrickException {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new MalformedBrickException("brick.json is not valid JSON: " + reason, e);
        }
    }

}
