package dev.brickyard.api.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of {@code brick.json} that relate fields, which its JSON Schema ({@link ManifestSchema}) does not
 * state: what each kind has and lacks, the graph's shapes against {@code base.dim} and the labels, the routing key
 * against the base model, one merge weight per parent, the neuron limit, and lengths in UTF-16 code units. Each
 * rule reads only values that are present and of the right type, leaving type errors to the schema, so that one
 * fault is reported once.
 */
final class ManifestRules {
    static final String ADAPTER_SHAPE = "{sites: {<site>: <rank>}}, e.g. {\"sites\": {\"layer.5.ffn_out\": 8}}";
    static final String NEURONS_SHAPE = "{mode, layers}, e.g. {\"mode\": \"ablate\", \"layers\": {\"3\": [17, 402]}}";
    /** The longest label and licence, in UTF-16 code units like {@link ManifestJson#MAX_DESCRIPTION}. */
    private static final int MAX_SHORT_TEXT = 100;
    private static final double UNIT_TOLERANCE = 1e-3;

    private ManifestRules() {
    }

    /** The manifest's kind, or null when {@code $.kind} is absent or not a kind. */
    static BrickKind kindOf(JsonNode manifest) {
        return BrickKind.fromJson(manifest.path("kind").textValue()).orElse(null);
    }

    /**
     * The top-level sections a brick of this kind must not have: they are refused whole here, so their contents
     * are not checked against the schema. When the kind is unknown, nothing is refused and everything is checked.
     */
    static List<String> foreignSections(BrickKind kind) {
        if (kind == null) {
            return List.of();
        }
        List<String> foreign = new ArrayList<>(List.of("io", "adapter", "neurons"));
        foreign.remove(switch (kind) {
            case HEAD, KNOWLEDGE -> "io";
            case ADAPTER -> "adapter";
            case NEURONS -> "neurons";
            case COMPOSITE -> "none";
        });
        return foreign;
    }

    /**
     * Every cross-field violation of a manifest that is a JSON object.
     *
     * @param faulty the paths where the schema found a fault: an item there does not count towards the labels,
     *               authors or files a brick has
     */
    static List<Violation> check(JsonNode manifest, Set<String> faulty) {
        List<Violation> out = new ArrayList<>();
        BrickKind kind = kindOf(manifest);
        origin(manifest, kind, out);
        lengths(manifest, out);
        JsonNode authors = manifest.path("authors");
        if (authors.isArray() && sound(authors, "$.authors", faulty) == 0) {
            out.add(new Violation("$.authors", "name at least one author"));
        }
        labels(manifest, kind, sound(manifest.path("labels"), "$.labels", faulty), out);
        weights(manifest, kind, sound(manifest.path("weights"), "$.weights", faulty), out);
        int dim = manifest.path("base").path("dim").isInt() ? manifest.path("base").path("dim").intValue() : -1;
        routingKey(manifest.path("routingKey"), dim, out);
        JsonNode labels = manifest.path("labels");
        io(manifest.get("io"), kind, labels.isArray() ? labels.size() : 0, dim, out);
        section(manifest, "adapter", BrickKind.ADAPTER, kind, ADAPTER_SHAPE, out);
        section(manifest, "neurons", BrickKind.NEURONS, kind, NEURONS_SHAPE, out);
        if (kind == null || kind == BrickKind.NEURONS) {
            neuronCount(manifest.path("neurons").path("layers"), out);
        }
        mergeWeights(manifest.path("merge"), out);
        integersWithoutFraction(manifest, kind, out);
        return out;
    }

    /**
     * The format's integers are written without a fraction or exponent: {@code 384.0} is not a {@code base.dim}.
     * JSON Schema cannot say this, as from draft 6 on it compares numbers by value, so {@code 384.0} is an
     * {@code integer} there. Each such value is reported with its field's schema wording. Sections the kind must not
     * have are left out, as they are refused whole.
     */
    private static void integersWithoutFraction(JsonNode manifest, BrickKind kind, List<Violation> out) {
        List<String> foreign = foreignSections(kind);
        integer(manifest.path("schemaVersion"), "$.schemaVersion", "$.schemaVersion", out);
        integer(manifest.path("base").path("dim"), "$.base.dim", "$.base.dim", out);
        integer(manifest.path("merge").path("seed"), "$.merge.seed", "$.merge.seed", out);
        integer(manifest.path("merge").path("rank"), "$.merge.rank", "$.merge.rank", out);
        if (!foreign.contains("io")) {
            for (String side : List.of("inputs", "outputs")) {
                JsonNode tensors = manifest.path("io").path(side);
                for (int i = 0; tensors.isArray() && i < tensors.size(); i++) {
                    JsonNode shape = tensors.get(i).path("shape");
                    for (int d = 0; shape.isArray() && d < shape.size(); d++) {
                        integer(shape.get(d), "$.io." + side + "[" + i + "].shape[" + d + "]",
                                "$.io." + side + "[*].shape[*]", out);
                    }
                }
            }
        }
        if (!foreign.contains("adapter")) {
            manifest.path("adapter").path("sites").fields().forEachRemaining(site -> integer(site.getValue(),
                    "$.adapter.sites" + member(site.getKey()), "$.adapter.sites[*]", out));
        }
        if (!foreign.contains("neurons")) {
            manifest.path("neurons").path("layers").fields().forEachRemaining(layer -> {
                for (int i = 0; layer.getValue().isArray() && i < layer.getValue().size(); i++) {
                    integer(layer.getValue().get(i), "$.neurons.layers" + member(layer.getKey()) + "[" + i + "]",
                            "$.neurons.layers[*][*]", out);
                }
            });
        }
    }

    private static void integer(JsonNode value, String path, String pattern, List<Violation> out) {
        if (value.isNumber() && !value.isIntegralNumber()) {
            out.add(new Violation(path, ManifestSchema.wording(pattern, value)));
        }
    }

    /** {@code ["layer.9.query"]}: an object member whose name is data, as a path writes it. */
    private static String member(String name) {
        return "[" + TextNode.valueOf(name) + "]";
    }

    /** An adapter is trained after pre-training; a neuron brick names what pre-training formed. */
    private static void origin(JsonNode manifest, BrickKind kind, List<Violation> out) {
        Optional<BrickOrigin> origin = BrickOrigin.fromJson(manifest.path("origin").textValue());
        if (kind == BrickKind.ADAPTER && origin.equals(Optional.of(BrickOrigin.EMERGENT))) {
            out.add(new Violation("$.origin", "an adapter is made after training: its origin is customized"));
        } else if (kind == BrickKind.NEURONS && origin.equals(Optional.of(BrickOrigin.CUSTOMIZED))) {
            out.add(new Violation("$.origin", "a neuron brick names neurons that emerged in pre-training: its "
                    + "origin is emergent"));
        }
    }

    /**
     * The format counts characters as Java does, in UTF-16 code units; JSON Schema's {@code maxLength} counts code
     * points, so a text with characters outside the Basic Multilingual Plane can pass the schema and still be too
     * long. The wording is the schema's own for the field.
     */
    private static void lengths(JsonNode manifest, List<Violation> out) {
        for (Map.Entry<String, Integer> field : Map.of("description", ManifestJson.MAX_DESCRIPTION,
                "license", MAX_SHORT_TEXT).entrySet()) {
            JsonNode text = manifest.path(field.getKey());
            if (longerInUtf16(text, field.getValue())) {
                out.add(new Violation("$." + field.getKey(), ManifestSchema.wording("$." + field.getKey(), text)));
            }
        }
        JsonNode labels = manifest.path("labels");
        for (int i = 0; labels.isArray() && i < labels.size(); i++) {
            if (longerInUtf16(labels.get(i), MAX_SHORT_TEXT)) {
                out.add(new Violation("$.labels[" + i + "]", ManifestSchema.wording("$.labels[*]", labels.get(i))));
            }
        }
    }

    /** Whether a text passes a schema {@code maxLength} of {@code limit} but is longer in UTF-16 code units. */
    private static boolean longerInUtf16(JsonNode text, int limit) {
        return text != null && text.isTextual() && text.textValue().length() > limit
                && text.textValue().codePointCount(0, text.textValue().length()) <= limit;
    }

    /** How many items of an array at {@code path} are free of faults; 0 if it is not an array. */
    private static int sound(JsonNode array, String path, Set<String> faulty) {
        int count = 0;
        for (int i = 0; array.isArray() && i < array.size(); i++) {
            if (!faulty.contains(path + "[" + i + "]")) {
                count++;
            }
        }
        return count;
    }

    /** A head and a composite classify, so they name at least two labels; the other kinds name none. */
    private static void labels(JsonNode manifest, BrickKind kind, int soundLabels, List<Violation> out) {
        JsonNode labels = manifest.get("labels");
        if (kind == BrickKind.HEAD || kind == BrickKind.COMPOSITE) {
            if (labels == null) {
                out.add(new Violation("$.labels", "required array"));
            } else if (labels.isArray() && soundLabels < 2) {
                out.add(new Violation("$.labels", kind == BrickKind.HEAD ? "a head needs at least two labels"
                        : "a composite needs at least two labels: the label space its components share"));
            }
            return;
        }
        String whyUnlabelled = kind == null ? null : switch (kind) {
            case KNOWLEDGE -> "a knowledge brick has no labels: its facts are in its values file";
            case ADAPTER -> "an adapter has no labels: it changes the base model, it does not classify";
            case NEURONS -> "a neuron brick has no labels: it silences neurons of the base model, it does not "
                    + "classify";
            default -> null;
        };
        if (whyUnlabelled != null && labels != null && labels.isArray() && !labels.isEmpty()) {
            out.add(new Violation("$.labels", whyUnlabelled));
        }
    }

    /**
     * Which files each kind lists: a head its graph, a knowledge brick its key graph and values, a composite its
     * recipe, an adapter its {@code .onnx_adapter} files; a neuron brick none, as it only names what is in the base
     * model.
     */
    private static void weights(JsonNode manifest, BrickKind kind, int soundFiles, List<Violation> out) {
        JsonNode weights = manifest.get("weights");
        if (weights == null) {
            if (kind != null && kind != BrickKind.NEURONS) {
                out.add(new Violation("$.weights", "required array"));
            }
            return;
        }
        if (!weights.isArray() || kind == null) {
            return;
        }
        switch (kind) {
            case HEAD -> {
                if (soundFiles == 0) {
                    out.add(new Violation("$.weights", "a head needs its ONNX graph, e.g. [\"head.onnx\"]"));
                }
            }
            case KNOWLEDGE -> {
                if (weights.size() != 2) {
                    out.add(new Violation("$.weights", "a knowledge brick has exactly two files, its key graph and "
                            + "its values, e.g. [\"keys.onnx\", \"values.jsonl\"]"));
                }
            }
            case COMPOSITE -> {
                if (!(weights.size() == 1 && CompositeRecipe.FILE.equals(weights.get(0).textValue()))) {
                    out.add(new Violation("$.weights", "a composite has exactly one file, its recipe: [\""
                            + CompositeRecipe.FILE + "\"]"));
                }
            }
            case ADAPTER -> {
                if (weights.isEmpty()) {
                    out.add(new Violation("$.weights", "an adapter needs its LoRA weights, one or more "
                            + ManifestJson.ADAPTER_FILE_SUFFIX + " files, e.g. [\"lora"
                            + ManifestJson.ADAPTER_FILE_SUFFIX + "\"]"));
                }
                for (int i = 0; i < weights.size(); i++) {
                    JsonNode file = weights.get(i);
                    if (file.isTextual() && !isAdapterFile(file.textValue())) {
                        out.add(new Violation("$.weights[" + i + "]", ManifestSchema.ADAPTER_FILE_RULE
                                + ManifestSchema.found(file)));
                    }
                }
            }
            case NEURONS -> {
                if (!weights.isEmpty()) {
                    out.add(new Violation("$.weights", "a neuron brick carries no weights: it names neurons of the "
                            + "base model in $.neurons, so weights is absent or []"));
                }
            }
        }
    }

    private static boolean isAdapterFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(ManifestJson.ADAPTER_FILE_SUFFIX)
                && name.length() > ManifestJson.ADAPTER_FILE_SUFFIX.length();
    }

    /** A non-empty routing key is a unit vector as long as the base model's embedding. */
    private static void routingKey(JsonNode key, int dim, List<Violation> out) {
        if (!key.isArray() || key.isEmpty()) {
            return;
        }
        if (dim > 0 && key.size() != dim) {
            out.add(new Violation("$.routingKey", "has " + key.size() + " numbers, the base model's embedding has "
                    + dim));
        }
        double norm = 0;
        for (JsonNode value : key) {
            if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                return;
            }
            norm += value.doubleValue() * value.doubleValue();
        }
        if (Math.abs(Math.sqrt(norm) - 1) > UNIT_TOLERANCE) {
            out.add(new Violation("$.routingKey", "must be a unit vector (its length is " + Math.sqrt(norm) + ")"));
        }
    }

    /**
     * Which kinds have a graph of their own, and its shapes: a head reads the pooled embedding and gives one column
     * per label; a knowledge brick reads it and gives one score per fact.
     */
    private static void io(JsonNode io, BrickKind kind, int labelCount, int dim, List<Violation> out) {
        String whyNoIo = kind == null ? null : switch (kind) {
            case COMPOSITE -> "a composite has no graph of its own, so no io: it answers over its labels with what "
                    + "its components give";
            case ADAPTER -> "an adapter has no graph of its own, so no io: it changes matrices inside the base model";
            case NEURONS -> "a neuron brick has no graph of its own, so no io: it silences neurons inside the base "
                    + "model";
            default -> null;
        };
        if (whyNoIo != null) {
            if (io != null) {
                out.add(new Violation("$.io", whyNoIo));
            }
            return;
        }
        if (kind == null) {
            return;
        }
        String what = article(kind);
        if (io == null) {
            out.add(new Violation("$.io", what + " must declare its inputs and outputs"));
            return;
        }
        // Only tensors that are objects are counted and compared; other values are the schema's to report.
        List<JsonNode> inputs = tensors(io.path("inputs"));
        List<JsonNode> outputs = tensors(io.path("outputs"));
        if (inputs.size() == 1 && dim > 0 && !shape(inputs.get(0)).equals(List.of(-1L, (long) dim))) {
            out.add(new Violation("$.io.inputs[0].shape", what + " reads [-1, " + dim + "] (the pooled embedding)"));
        } else if (inputs.size() > 1) {
            out.add(new Violation("$.io.inputs", what + " has exactly one input"));
        }
        if (outputs.size() > 1) {
            out.add(new Violation("$.io.outputs", what + " has exactly one output"));
        } else if (outputs.size() == 1 && kind == BrickKind.HEAD && labelCount >= 2
                && !shape(outputs.get(0)).equals(List.of(-1L, (long) labelCount))) {
            out.add(new Violation("$.io.outputs[0].shape", "a head with " + labelCount + " labels gives [-1, "
                    + labelCount + "]"));
        } else if (outputs.size() == 1 && kind == BrickKind.KNOWLEDGE) {
            List<Long> shape = shape(outputs.get(0));
            if (shape.size() != 2 || shape.get(0) != -1L || shape.get(1) < 1) {
                out.add(new Violation("$.io.outputs[0].shape", "a knowledge brick gives [-1, N], one score for each "
                        + "of its N facts (found " + shape + ")"));
            }
        }
    }

    private static List<JsonNode> tensors(JsonNode list) {
        List<JsonNode> tensors = new ArrayList<>();
        for (JsonNode tensor : list.isArray() ? list : MissingNode.getInstance()) {
            if (tensor.isObject()) {
                tensors.add(tensor);
            }
        }
        return tensors;
    }

    /** A tensor's dimensions as written, leaving out those that are not dimensions (the schema reports them). */
    private static List<Long> shape(JsonNode tensor) {
        List<Long> dims = new ArrayList<>();
        for (JsonNode value : tensor.path("shape")) {
            if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= -1
                    && value.longValue() != 0) {
                dims.add(value.longValue());
            }
        }
        return dims;
    }

    /**
     * A kind's own section: required on that kind, refused on every other kind. Its contents are the schema's; when
     * the kind itself is unknown the section is only checked there, as it is not known whether it belongs.
     */
    private static void section(JsonNode manifest, String field, BrickKind owner, BrickKind kind, String shape,
                                List<Violation> out) {
        String at = "$." + field;
        if (kind == null) {
            return;
        }
        if (kind != owner && manifest.has(field)) {
            out.add(new Violation(at, "only " + article(owner) + " has " + at + ", this is " + article(kind)));
        } else if (kind == owner && !manifest.has(field)) {
            out.add(new Violation(at, "required for " + article(owner) + ": " + shape));
        }
    }

    /** A neuron brick names at most {@link ManifestJson#MAX_NEURONS} neurons over all its layers. */
    private static void neuronCount(JsonNode layers, List<Violation> out) {
        if (!layers.isObject()) {
            return;
        }
        long count = 0;
        for (JsonNode indexes : layers) {
            if (indexes.isArray()) {
                count += indexes.size();
            }
        }
        if (count > ManifestJson.MAX_NEURONS) {
            out.add(new Violation("$.neurons.layers", "names " + count + " neurons, more than the limit of "
                    + ManifestJson.MAX_NEURONS));
        }
    }

    /** A merge gives each of its parents one weight. */
    private static void mergeWeights(JsonNode merge, List<Violation> out) {
        JsonNode parents = merge.path("parents");
        JsonNode weights = merge.path("weights");
        if (parents.isArray() && parents.size() >= 2 && weights.isArray() && weights.size() != parents.size()) {
            out.add(new Violation("$.merge.weights", "has " + weights.size() + " weights for " + parents.size()
                    + " parents: one weight per parent"));
        }
    }

    /** "an adapter", "a head": a kind as a message names it. */
    private static String article(BrickKind kind) {
        return switch (kind) {
            case HEAD -> "a head";
            case KNOWLEDGE -> "a knowledge brick";
            case ADAPTER -> "an adapter";
            case NEURONS -> "a neuron brick";
            case COMPOSITE -> "a composite";
        };
    }
}
