package dev.brickyard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
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

    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern BASE_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern LAYER_NUMBER = Pattern.compile("0|[1-9][0-9]{0,8}");
    private static final Set<String> FIELDS = Set.of("schemaVersion", "id", "version", "kind", "origin",
            "granularity", "description", "tags", "labels", "io", "routingKey", "metrics", "license", "authors",
            "base", "weights", "adapter", "neurons", "merge");
    private static final Set<String> BASE_FIELDS = Set.of("name", "dim", "digest");
    private static final Set<String> ADAPTER_FIELDS = Set.of("sites");
    private static final Set<String> NEURONS_FIELDS = Set.of("mode", "layers");
    private static final Set<String> MERGE_FIELDS = Set.of("method", "weights", "density", "seed", "rank", "parents");
    private static final Set<String> PARENT_FIELDS = Set.of("id", "version", "digest");

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
        unknownFields(tree, "$", FIELDS, out);
        JsonNode schemaVersion = tree.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.intValue() != BrickManifest.SCHEMA_VERSION) {
            out.add(new Violation("$.schemaVersion", "required, must be " + BrickManifest.SCHEMA_VERSION));
        }
        requiredText(tree, "id", out, BrickId::isValid,
                "must be namespace/name in lower-case letters, digits and hyphens, e.g. acme/sentiment");
        requiredText(tree, "version", out, ManifestJson::isVersion,
                "must be a semantic version such as 1.2.0, at most 64 characters");
        BrickKind kind = requiredEnum(tree, "$", "kind", out, BrickKind::fromJson, BrickKind.values(),
                BrickKind::jsonName);
        BrickOrigin origin = requiredEnum(tree, "$", "origin", out, BrickOrigin::fromJson, BrickOrigin.values(),
                BrickOrigin::jsonName);
        validateOrigin(kind, origin, out);
        requiredEnum(tree, "$", "granularity", out, Granularity::fromJson, Granularity.values(),
                Granularity::jsonName);
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
        String whyUnlabelled = kind == null ? null : switch (kind) {
            case KNOWLEDGE -> "a knowledge brick has no labels: its facts are in its values file";
            case ADAPTER -> "an adapter has no labels: it changes the base model, it does not classify";
            case NEURONS -> "a neuron brick has no labels: it silences neurons of the base model, it does not "
                    + "classify";
            default -> null;
        };
        if (whyUnlabelled != null && tree.path("labels").isArray() && !tree.path("labels").isEmpty()) {
            out.add(new Violation("$.labels", whyUnlabelled));
        }
        List<String> authors = textArray(tree, "authors", true, out, text -> !text.isBlank(),
                "must be a non-empty name");
        if (tree.has("authors") && authors.isEmpty() && tree.get("authors").isArray()) {
            out.add(new Violation("$.authors", "name at least one author"));
        }
        int dim = validateBase(tree.get("base"), out);
        validateRoutingKey(tree.get("routingKey"), dim, out);
        validateMetrics(tree.get("metrics"), out);
        validateWeights(tree, kind, out);
        // The output width must match the labels as written: an invalid or duplicate label is reported where it
        // is, not again as a wrong output shape.
        int declaredLabels = tree.path("labels").isArray() ? tree.path("labels").size() : 0;
        validateIo(tree.get("io"), kind, declaredLabels, dim, out);
        validateSection(tree, "adapter", BrickKind.ADAPTER, kind, "{sites: {<site>: <rank>}}, e.g. "
                + "{\"sites\": {\"layer.5.ffn_out\": 8}}", ManifestJson::validateAdapter, out);
        validateSection(tree, "neurons", BrickKind.NEURONS, kind, "{mode, layers}, e.g. {\"mode\": \"ablate\", "
                + "\"layers\": {\"3\": [17, 402]}}", ManifestJson::validateNeurons, out);
        if (tree.has("merge")) {
            validateMerge(tree.get("merge"), out);
        }
        return out;
    }

    private static boolean isVersion(String text) {
        return text.length() <= 64 && SemVer.isValid(text);
    }

    /** An adapter is trained after pre-training; a neuron brick names what pre-training formed. */
    private static void validateOrigin(BrickKind kind, BrickOrigin origin, List<Violation> out) {
        if (kind == BrickKind.ADAPTER && origin == BrickOrigin.EMERGENT) {
            out.add(new Violation("$.origin", "an adapter is made after training: its origin is customized"));
        } else if (kind == BrickKind.NEURONS && origin == BrickOrigin.CUSTOMIZED) {
            out.add(new Violation("$.origin", "a neuron brick names neurons that emerged in pre-training: its "
                    + "origin is emergent"));
        }
    }

    /**
     * Which files each kind lists: a head its graph, a knowledge brick its key graph and values, a composite its
     * recipe, an adapter its {@code .onnx_adapter} files; a neuron brick none, as it only names what is in the base
     * model.
     */
    private static void validateWeights(JsonNode tree, BrickKind kind, List<Violation> out) {
        Predicate<String> safe = text -> SAFE_FILE.matcher(text).matches() && !text.contains("..");
        String rule = "must be a relative path under brick/ without '..', e.g. head.onnx";
        if (kind == BrickKind.ADAPTER) {
            safe = safe.and(ManifestJson::isAdapterFile);
            rule = "must be a relative path under brick/ without '..' ending in " + ADAPTER_FILE_SUFFIX
                    + " (ONNX Runtime's adapter format), e.g. lora" + ADAPTER_FILE_SUFFIX;
        }
        boolean required = kind == BrickKind.HEAD || kind == BrickKind.KNOWLEDGE || kind == BrickKind.COMPOSITE
                || kind == BrickKind.ADAPTER;
        List<String> weights = textArray(tree, "weights", required, out, safe, rule);
        JsonNode weightsNode = tree.path("weights");
        if (kind == BrickKind.HEAD && weightsNode.isArray() && weights.isEmpty()) {
            out.add(new Violation("$.weights", "a head needs its ONNX graph, e.g. [\"head.onnx\"]"));
        }
        if (kind == BrickKind.ADAPTER && weightsNode.isArray() && weightsNode.isEmpty()) {
            out.add(new Violation("$.weights", "an adapter needs its LoRA weights, one or more "
                    + ADAPTER_FILE_SUFFIX + " files, e.g. [\"lora" + ADAPTER_FILE_SUFFIX + "\"]"));
        }
        if (kind == BrickKind.KNOWLEDGE && weightsNode.isArray() && weightsNode.size() != 2) {
            out.add(new Violation("$.weights", "a knowledge brick has exactly two files, its key graph and its "
                    + "values, e.g. [\"keys.onnx\", \"values.jsonl\"]"));
        }
        if (kind == BrickKind.COMPOSITE && weightsNode.isArray()
                && !(weightsNode.size() == 1 && CompositeRecipe.FILE.equals(weightsNode.get(0).textValue()))) {
            out.add(new Violation("$.weights", "a composite has exactly one file, its recipe: [\""
                    + CompositeRecipe.FILE + "\"]"));
        }
        if (kind == BrickKind.NEURONS && weightsNode.isArray() && !weightsNode.isEmpty()) {
            out.add(new Violation("$.weights", "a neuron brick carries no weights: it names neurons of the base "
                    + "model in $.neurons, so weights is absent or []"));
        }
    }

    private static boolean isAdapterFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(ADAPTER_FILE_SUFFIX) && name.length() > ADAPTER_FILE_SUFFIX.length();
    }

    /**
     * A kind's own section: required on that kind and checked there, refused on every other kind. When the kind
     * itself is unknown the section is only checked, as it is not known whether it belongs.
     */
    private static void validateSection(JsonNode tree, String field, BrickKind owner, BrickKind kind, String shape,
                                        SectionRules rules, List<Violation> out) {
        JsonNode section = tree.get(field);
        String at = "$." + field;
        if (kind != null && kind != owner) {
            if (section != null) {
                out.add(new Violation(at, "only " + article(owner) + " has " + at + ", this is " + article(kind)));
            }
            return;
        }
        if (section == null) {
            if (kind == owner) {
                out.add(new Violation(at, "required for " + article(owner) + ": " + shape));
            }
            return;
        }
        if (!section.isObject()) {
            out.add(new Violation(at, "must be an object " + shape + " (found " + abbreviate(section) + ")"));
            return;
        }
        rules.check(section, at, out);
    }

    /** The rules of one kind's section, given the section as an object and its path. */
    @FunctionalInterface
    private interface SectionRules {
        void check(JsonNode section, String at, List<Violation> out);
    }

    /** {@code $.adapter}: the LoRA sites, each with its rank. */
    private static void validateAdapter(JsonNode adapter, String at, List<Violation> out) {
        unknownFields(adapter, at, ADAPTER_FIELDS, out);
        JsonNode sites = adapter.get("sites");
        String sitesAt = at + ".sites";
        if (!isNonEmptyObject(sites, sitesAt, "a non-empty object of LoRA site to rank, e.g. "
                + "{\"layer.5.ffn_out\": 8}", out)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = sites.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> site = it.next();
            String siteAt = member(sitesAt, site.getKey());
            if (!ADAPTER_SITE.matcher(site.getKey()).matches()) {
                out.add(new Violation(siteAt, "not a LoRA site: must be layer.<n>.<query|key|value|attention_out|"
                        + "ffn_in|ffn_out> with n a layer number without leading zeros, e.g. layer.5.ffn_out"));
            }
            JsonNode rank = site.getValue();
            if (!rank.isIntegralNumber() || !rank.canConvertToInt() || rank.intValue() < 1
                    || rank.intValue() > MAX_ADAPTER_RANK) {
                out.add(new Violation(siteAt, "the rank must be an integer from 1 to " + MAX_ADAPTER_RANK
                        + " (found " + abbreviate(rank) + ")"));
            }
        }
    }

    /** {@code $.neurons}: the mode and, by layer, the FFN neurons it applies to. */
    private static void validateNeurons(JsonNode neurons, String at, List<Violation> out) {
        unknownFields(neurons, at, NEURONS_FIELDS, out);
        requiredEnum(neurons, at, "mode", out,
                text -> Arrays.stream(NeuronSelection.Mode.values()).filter(mode -> mode.jsonName().equals(text))
                        .findFirst(),
                NeuronSelection.Mode.values(), NeuronSelection.Mode::jsonName);
        JsonNode layers = neurons.get("layers");
        String layersAt = at + ".layers";
        if (!isNonEmptyObject(layers, layersAt, "a non-empty object of layer number to neuron indexes, e.g. "
                + "{\"3\": [17, 402]}", out)) {
            return;
        }
        long count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> layer = it.next();
            String layerAt = member(layersAt, layer.getKey());
            if (!LAYER_NUMBER.matcher(layer.getKey()).matches()) {
                out.add(new Violation(layerAt, "not a layer number: must be decimal digits without leading zeros, "
                        + "e.g. \"3\""));
            }
            JsonNode indexes = layer.getValue();
            if (!indexes.isArray() || indexes.isEmpty()) {
                out.add(new Violation(layerAt, "must be a non-empty array of neuron indexes, e.g. [17, 402] (found "
                        + abbreviate(indexes) + ")"));
                continue;
            }
            count += indexes.size();
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < indexes.size(); i++) {
                JsonNode index = indexes.get(i);
                String indexAt = layerAt + "[" + i + "]";
                if (!index.isIntegralNumber() || !index.canConvertToInt() || index.intValue() < 0) {
                    out.add(new Violation(indexAt, "must be a neuron index, an integer of at least 0 (found "
                            + abbreviate(index) + ")"));
                } else if (!seen.add(index.intValue())) {
                    out.add(new Violation(indexAt, "duplicate neuron " + index.intValue()));
                }
            }
        }
        if (count > MAX_NEURONS) {
            out.add(new Violation(layersAt, "names " + count + " neurons, more than the limit of " + MAX_NEURONS));
        }
    }

    /** {@code $.merge}: how {@code brick merge} made the brick, on any kind. */
    private static void validateMerge(JsonNode merge, List<Violation> out) {
        String at = "$.merge";
        if (!merge.isObject()) {
            out.add(new Violation(at, "must be an object {method, weights, parents} (found " + abbreviate(merge)
                    + ")"));
            return;
        }
        unknownFields(merge, at, MERGE_FIELDS, out);
        requiredEnum(merge, at, "method", out,
                text -> MERGE_METHODS.contains(text) ? Optional.of(text) : Optional.empty(),
                MERGE_METHODS.toArray(String[]::new), Function.identity());
        JsonNode parents = merge.get("parents");
        int parentCount = -1;
        if (parents == null || !parents.isArray() || parents.size() < 2) {
            out.add(new Violation(at + ".parents", (parents == null ? "required, " : "must be ")
                    + "an array of at least two parents {id, version, digest}: a merge combines bricks"
                    + (parents == null ? "" : " (found " + abbreviate(parents) + ")")));
        } else {
            parentCount = parents.size();
            for (int i = 0; i < parents.size(); i++) {
                validateParent(parents.get(i), at + ".parents[" + i + "]", out);
            }
        }
        JsonNode weights = merge.get("weights");
        if (weights == null || !weights.isArray()) {
            out.add(new Violation(at + ".weights", (weights == null ? "required, " : "must be ")
                    + "an array of numbers, one per parent" + (weights == null ? "" : " (found "
                    + abbreviate(weights) + ")")));
        } else {
            for (int i = 0; i < weights.size(); i++) {
                if (!isFiniteNumber(weights.get(i))) {
                    out.add(new Violation(at + ".weights[" + i + "]", "must be a finite number (found "
                            + abbreviate(weights.get(i)) + ")"));
                }
            }
            if (parentCount >= 0 && weights.size() != parentCount) {
                out.add(new Violation(at + ".weights", "has " + weights.size() + " weights for " + parentCount
                        + " parents: one weight per parent"));
            }
        }
        JsonNode density = merge.get("density");
        if (density != null && !(isFiniteNumber(density) && density.doubleValue() > 0
                && density.doubleValue() <= 1)) {
            out.add(new Violation(at + ".density", "must be a number greater than 0 and at most 1: the share of "
                    + "each parent's entries kept (found " + abbreviate(density) + ")"));
        }
        JsonNode seed = merge.get("seed");
        if (seed != null && !(seed.isIntegralNumber() && seed.canConvertToLong())) {
            out.add(new Violation(at + ".seed", "must be an integer that fits in 64 bits (found "
                    + abbreviate(seed) + ")"));
        }
        JsonNode rank = merge.get("rank");
        if (rank != null && !(rank.isIntegralNumber() && rank.canConvertToInt() && rank.intValue() >= 1)) {
            out.add(new Violation(at + ".rank", "must be an integer of at least 1: the rank the adapters were "
                    + "compressed to (found " + abbreviate(rank) + ")"));
        }
    }

    private static void validateParent(JsonNode parent, String at, List<Violation> out) {
        if (!parent.isObject()) {
            out.add(new Violation(at, "must be an object {id, version, digest} (found " + abbreviate(parent) + ")"));
            return;
        }
        unknownFields(parent, at, PARENT_FIELDS, out);
        requiredText(parent, at, "id", out, BrickId::isValid, "must be a brick id such as acme/sentiment");
        requiredText(parent, at, "version", out, ManifestJson::isVersion,
                "must be a semantic version such as 1.2.0, at most 64 characters");
        requiredText(parent, at, "digest", out, text -> DIGEST.matcher(text).matches(),
                "must be the parent archive's sha256: followed by 64 lower-case hex digits");
    }

    /** Whether {@code node} is an object with members; if not, says so at {@code at}. */
    private static boolean isNonEmptyObject(JsonNode node, String at, String shape, List<Violation> out) {
        if (node != null && node.isObject() && !node.isEmpty()) {
            return true;
        }
        out.add(new Violation(at, (node == null ? "required, " : "must be ") + shape
                + (node == null ? "" : " (found " + abbreviate(node) + ")")));
        return false;
    }

    private static boolean isFiniteNumber(JsonNode value) {
        return value.isNumber() && Double.isFinite(value.doubleValue());
    }

    /** The path of an object member whose name may hold dots: {@code $.adapter.sites["layer.9.query"]}. */
    private static String member(String at, String name) {
        return at + "[" + TextNode.valueOf(name) + "]";
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

    private static void unknownFields(JsonNode node, String at, Set<String> known, List<Violation> out) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                out.add(new Violation(at + "." + name, "unknown field (known: " + String.join(", ", sorted(known))
                        + ")"));
            }
        });
    }

    private static int validateBase(JsonNode base, List<Violation> out) {
        if (base == null || !base.isObject()) {
            out.add(new Violation("$.base", "required object {name, dim, digest}"));
            return -1;
        }
        unknownFields(base, "$.base", BASE_FIELDS, out);
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
     * composite, an adapter and a neuron brick have no graph of their own, so no {@code io}.
     */
    private static void validateIo(JsonNode io, BrickKind kind, int labelCount, int dim, List<Violation> out) {
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
        boolean specified = kind == BrickKind.HEAD || kind == BrickKind.KNOWLEDGE;
        String what = specified ? article(kind) : null;
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

    private static void requiredText(JsonNode tree, String field, List<Violation> out, Predicate<String> valid,
                                     String rule) {
        requiredText(tree, "$", field, out, valid, rule);
    }

    /** A required text field of the object at {@code at}. */
    private static void requiredText(JsonNode object, String at, String field, List<Violation> out,
                                     Predicate<String> valid, String rule) {
        JsonNode value = object.get(field);
        String path = at + "." + field;
        if (value == null || value.isNull()) {
            out.add(new Violation(path, "required; " + rule));
        } else if (!value.isTextual() || !valid.test(value.textValue())) {
            out.add(new Violation(path, rule + " (found " + abbreviate(value) + ")"));
        }
    }

    /** A required field of the object at {@code at} that holds one of {@code values}, or null with a violation. */
    private static <E> E requiredEnum(JsonNode object, String at, String field, List<Violation> out,
                                      Function<String, Optional<E>> lookup, E[] values, Function<E, String> spelling) {
        JsonNode value = object.get(field);
        Optional<E> found = value != null && value.isTextual() ? lookup.apply(value.textValue()) : Optional.empty();
        if (found.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (E each : values) {
                names.add(spelling.apply(each));
            }
            out.add(new Violation(at + "." + field, (value == null ? "required; " : "") + "must be one of "
                    + String.join(", ", names) + (value == null ? "" : " (found " + abbreviate(value) + ")")));
            return null;
        }
        return found.get();
    }

    private static List<String> textArray(JsonNode tree, String field, boolean required, List<Violation> out,
                                          Predicate<String> valid, String rule) {
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
