package dev.brickyard.api.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;
import dev.brickyard.api.kind.BrickKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules about single fields of {@code brick.json}, as the published JSON Schema {@value #RESOURCE} (draft
 * 2020-12, {@code $id} {@value #ID}) states them, checked by networknt's validator. Its findings are turned into
 * violations in brick-api's own words and paths, each message chosen by the field (and where it matters the
 * schema keyword) from the table in {@link #WORDINGS}. The rules that relate fields are {@link ManifestRules}.
 */
final class ManifestSchema {
    /** The schema's {@code $id}: the stable name of format version 1. */
    static final String ID = "https://brickyard.dev/schemas/brick-1.json";
    /** Where the schema is on the class path; {@code docs/schemas/brick.schema.json} is a copy of it. */
    static final String RESOURCE = "/dev/brickyard/api/brick.schema.json";

    /** Objects whose member names are data (a site, a layer number), so a path quotes them in brackets. */
    private static final Set<String> QUOTED_MAPS = Set.of("$.adapter.sites", "$.neurons.layers");
    /** Objects whose member names are data but, as before the schema, are written after a dot. */
    private static final Set<String> DOTTED_MAPS = Set.of("$.metrics");

    private static final JsonNode TREE = load();
    private static final JsonSchema SCHEMA = compile(TREE);

    private static final String FILE_RULE = "must be a relative path under brick/ without '..', e.g. head.onnx";
    /** How {@code $.weights[i]} is worded on an adapter, whose files are all ONNX Runtime adapters. */
    static final String ADAPTER_FILE_RULE = "must be a relative path under brick/ without '..' ending in "
            + ManifestJson.ADAPTER_FILE_SUFFIX + " (ONNX Runtime's adapter format), e.g. lora"
            + ManifestJson.ADAPTER_FILE_SUFFIX;
    private static final String VERSION_RULE = "must be a semantic version such as 1.2.0, at most 64 characters";
    private static final String SITES = "a non-empty object of LoRA site to rank, e.g. {\"layer.5.ffn_out\": 8}";
    private static final String LAYERS = "a non-empty object of layer number to neuron indexes, e.g. {\"3\": [17, 402]}";
    private static final String TENSORS = "required, a non-empty array of {name, dtype, shape}";

    /**
     * What a finding at each field says, keyed by the field's path with {@code [*]} for an array index or a member
     * of a map. An unknown field and a duplicate array item are worded the same everywhere (see {@link #check}).
     */
    private static final Map<String, Wording> WORDINGS = Map.ofEntries(
            Map.entry("$", fixed("must be a JSON object")),
            Map.entry("$.schemaVersion", fixed("required, must be " + BrickManifest.SCHEMA_VERSION)),
            Map.entry("$.id", text("must be namespace/name in lower-case letters, digits and hyphens, e.g. "
                    + "acme/sentiment")),
            Map.entry("$.version", text(VERSION_RULE)),
            Map.entry("$.kind", oneOf("/properties/kind/enum")),
            Map.entry("$.origin", oneOf("/properties/origin/enum")),
            Map.entry("$.granularity", oneOf("/properties/granularity/enum")),
            Map.entry("$.description", text("must be a non-empty text of at most " + ManifestJson.MAX_DESCRIPTION
                    + " characters")),
            Map.entry("$.license", text("must be a licence name or SPDX expression, e.g. Apache-2.0")),
            Map.entry("$.tags", textArray("at most " + ManifestJson.MAX_TAGS + " tags")),
            Map.entry("$.tags[*]", item("must be lower-case letters, digits and hyphens, at most 32 characters")),
            Map.entry("$.labels", textArray("at most " + ManifestJson.MAX_LABELS + " labels")),
            Map.entry("$.labels[*]", item("must be a non-empty text of at most 100 characters")),
            Map.entry("$.authors", textArray("name at least one author")),
            Map.entry("$.authors[*]", item("must be a non-empty name")),
            Map.entry("$.weights", textArray(null)),
            Map.entry("$.weights[*]", (finding, kind) -> (kind == BrickKind.ADAPTER ? ADAPTER_FILE_RULE : FILE_RULE)
                    + found(finding.value())),
            Map.entry("$.base", fixed("required object {name, dim, digest}")),
            Map.entry("$.base.name", fixed("required, the base model's name such as all-minilm-l6-v2")),
            Map.entry("$.base.dim", fixed("required, a positive integer such as 384")),
            Map.entry("$.base.digest", fixed("required, sha256: followed by 64 lower-case hex digits")),
            Map.entry("$.routingKey", fixed("must be an array of numbers")),
            Map.entry("$.routingKey[*]", fixed("must be a finite number")),
            Map.entry("$.metrics", fixed("must be an object of name to number")),
            Map.entry("$.metrics.*", fixed("must be a finite number")),
            Map.entry("$.io", fixed("must be an object {inputs, outputs}")),
            Map.entry("$.io.inputs", fixed(TENSORS)),
            Map.entry("$.io.outputs", fixed(TENSORS)),
            Map.entry("$.io.inputs[*]", fixed("must be an object {name, dtype, shape}")),
            Map.entry("$.io.outputs[*]", fixed("must be an object {name, dtype, shape}")),
            Map.entry("$.io.inputs[*].name", fixed("required, the tensor's name in the graph")),
            Map.entry("$.io.outputs[*].name", fixed("required, the tensor's name in the graph")),
            Map.entry("$.io.inputs[*].dtype", fixed("must be " + TensorSpec.FLOAT32)),
            Map.entry("$.io.outputs[*].dtype", fixed("must be " + TensorSpec.FLOAT32)),
            Map.entry("$.io.inputs[*].shape", fixed("required, an array of dimensions (-1 for dynamic)")),
            Map.entry("$.io.outputs[*].shape", fixed("required, an array of dimensions (-1 for dynamic)")),
            Map.entry("$.io.inputs[*].shape[*]", fixed("must be a positive integer or -1")),
            Map.entry("$.io.outputs[*].shape[*]", fixed("must be a positive integer or -1")),
            Map.entry("$.adapter", shaped("an object " + ManifestRules.ADAPTER_SHAPE)),
            Map.entry("$.adapter.sites", shaped(SITES)),
            Map.entry("$.adapter.sites[*]", (finding, kind) -> finding.keyword().equals("propertyNames")
                    ? "not a LoRA site: must be layer.<n>.<query|key|value|attention_out|ffn_in|ffn_out> with n a "
                    + "layer number without leading zeros, e.g. layer.5.ffn_out"
                    : "the rank must be an integer from 1 to " + ManifestJson.MAX_ADAPTER_RANK + found(finding.value())),
            Map.entry("$.neurons", shaped("an object " + ManifestRules.NEURONS_SHAPE)),
            Map.entry("$.neurons.mode", oneOf("/properties/neurons/properties/mode/enum")),
            Map.entry("$.neurons.layers", shaped(LAYERS)),
            Map.entry("$.neurons.layers[*]", (finding, kind) -> finding.keyword().equals("propertyNames")
                    ? "not a layer number: must be decimal digits without leading zeros, e.g. \"3\""
                    : "must be a non-empty array of neuron indexes, e.g. [17, 402]" + found(finding.value())),
            Map.entry("$.neurons.layers[*][*]", (finding, kind) -> finding.keyword().equals("uniqueItems")
                    ? "duplicate neuron " + finding.value().intValue()
                    : "must be a neuron index, an integer of at least 0" + found(finding.value())),
            Map.entry("$.merge", shaped("an object {method, weights, parents}")),
            Map.entry("$.merge.method", oneOf("/properties/merge/properties/method/enum")),
            Map.entry("$.merge.parents", shaped("an array of at least two parents {id, version, digest}: a merge "
                    + "combines bricks")),
            Map.entry("$.merge.parents[*]", item("must be an object {id, version, digest}")),
            Map.entry("$.merge.parents[*].id", text("must be a brick id such as acme/sentiment")),
            Map.entry("$.merge.parents[*].version", text(VERSION_RULE)),
            Map.entry("$.merge.parents[*].digest", text("must be the parent archive's sha256: followed by 64 "
                    + "lower-case hex digits")),
            Map.entry("$.merge.weights", shaped("an array of numbers, one per parent")),
            Map.entry("$.merge.weights[*]", item("must be a finite number")),
            Map.entry("$.merge.density", item("must be a number greater than 0 and at most 1: the share of each "
                    + "parent's entries kept")),
            Map.entry("$.merge.seed", item("must be an integer that fits in 64 bits")),
            Map.entry("$.merge.rank", item("must be an integer of at least 1: the rank the adapters were compressed "
                    + "to")));

    private ManifestSchema() {
    }

    /** The schema as a tree, for tests and for tools that hand it to an editor. */
    static JsonNode tree() {
        return TREE.deepCopy();
    }

    /**
     * Checks a manifest against the schema.
     *
     * @param manifest the manifest, without the sections its kind does not have (those are refused whole by
     *                 {@link ManifestRules}, their contents not checked)
     * @param kind     the manifest's kind, or null when it has none: the files of an adapter are worded as such
     * @return the violations the schema finds, in the validator's order, each said once
     */
    static List<Violation> check(JsonNode manifest, BrickKind kind) {
        Set<Violation> violations = new LinkedHashSet<>();
        List<Violation> duplicates = new ArrayList<>();
        for (ValidationMessage message : SCHEMA.validate(manifest)) {
            String keyword = message.getType();
            Location at = Location.of(message.getInstanceLocation(), manifest);
            switch (keyword) {
                case "required", "propertyNames" -> at = at.member(message.getProperty());
                case "additionalProperties" -> {
                    // An unknown field: always written after a dot, as it is a field name, not data.
                    violations.add(new Violation(at.path() + "." + message.getProperty(), "unknown field (known: "
                            + String.join(", ", knownFields(message)) + ")"));
                    continue;
                }
                case "uniqueItems" -> {
                    duplicates.addAll(duplicateItems(at, kind));
                    continue;
                }
                default -> {
                }
            }
            Wording wording = WORDINGS.get(at.pattern());
            String text = wording == null ? "breaks the schema's " + keyword + " rule" + found(at.value())
                    : wording.say(new Finding(keyword, at.value()), kind);
            // Keywords that fail together on one value (a pattern and a length) are worded alike and said once.
            violations.add(new Violation(at.path(), text));
        }
        // A duplicate is reported at its index, unless that item already breaks a rule of its own.
        Set<String> faulty = new HashSet<>();
        violations.forEach(violation -> faulty.add(violation.path()));
        for (Violation duplicate : duplicates) {
            if (!faulty.contains(duplicate.path())) {
                violations.add(duplicate);
            }
        }
        return List.copyOf(violations);
    }

    /**
     * What the schema's rule for a field says about a value, for the rules in {@link ManifestRules} that hold a
     * field more strictly than JSON Schema can (lengths in UTF-16 code units, integers without a fraction).
     */
    static String wording(String pattern, JsonNode value) {
        return WORDINGS.get(pattern).say(new Finding("type", value), null);
    }

    /** Each item of the array at {@code at} that equals an earlier one. */
    private static List<Violation> duplicateItems(Location at, BrickKind kind) {
        List<Violation> out = new ArrayList<>();
        Set<JsonNode> seen = new HashSet<>();
        JsonNode array = at.value();
        for (int i = 0; i < array.size(); i++) {
            if (!seen.add(array.get(i))) {
                Location item = at.index(i, array.get(i));
                Wording wording = WORDINGS.get(item.pattern());
                String text = array.get(i).isTextual() || wording == null
                        ? "duplicate '" + array.get(i).asText() + "'"
                        : wording.say(new Finding("uniqueItems", array.get(i)), kind);
                out.add(new Violation(item.path(), text));
            }
        }
        return out;
    }

    /** The fields the object of an {@code additionalProperties: false} finding may have, sorted. */
    private static Set<String> knownFields(ValidationMessage message) {
        JsonNodePath keyword = message.getSchemaLocation().getFragment();
        JsonNode object = TREE;
        for (int i = 0; i < keyword.getNameCount() - 1; i++) {
            Object element = keyword.getElement(i);
            object = element instanceof Integer index ? object.path(index) : object.path((String) element);
        }
        Set<String> names = new TreeSet<>();
        object.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode load() {
        try (InputStream in = ManifestSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from brick-api's class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("brick-api's own schema " + RESOURCE + " could not be read", e);
        }
    }

    private static JsonSchema compile(JsonNode tree) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .regularExpressionFactory(ManifestSchema::ecmaEnd)
                .build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(tree, config);
        // Validators are built lazily otherwise; building them now keeps validation free of shared mutation.
        schema.initializeValidators();
        return schema;
    }

    /**
     * A schema pattern as Java runs it, searched for as JSON Schema says. ECMA-262's {@code $} is the end of the
     * text, Java's also matches before a final line break, which would let {@code "acme/x\n"} pass as an id: a
     * closing {@code $} becomes {@code \z}.
     */
    private static RegularExpression ecmaEnd(String regex) {
        String java = regex.endsWith("$") && !regex.endsWith("\\$")
                ? regex.substring(0, regex.length() - 1) + "\\z" : regex;
        Pattern pattern = Pattern.compile(java);
        return text -> pattern.matcher(text).find();
    }

    /** " (found 42)": the offending value, shortened, as the messages quote it. */
    static String found(JsonNode value) {
        return value == null || value.isMissingNode() ? "" : " (found " + abbreviate(value) + ")";
    }

    static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull();
    }

    /** One schema finding: the keyword that failed and the value at its path (missing when the field is absent). */
    private record Finding(String keyword, JsonNode value) {
    }

    /** How a field's finding reads. */
    @FunctionalInterface
    private interface Wording {
        String say(Finding finding, BrickKind kind);
    }

    private static Wording fixed(String message) {
        return (finding, kind) -> message;
    }

    /** A required text: "required; rule" when absent or null, else the rule and what was found. */
    private static Wording text(String rule) {
        return (finding, kind) -> absent(finding.value()) ? "required; " + rule : rule + found(finding.value());
    }

    /** An item or optional value: the rule and what was found. */
    private static Wording item(String rule) {
        return (finding, kind) -> rule + found(finding.value());
    }

    /** A structured value: "required, shape" when absent, else "must be shape" and what was found. */
    private static Wording shaped(String shape) {
        return (finding, kind) -> finding.value().isMissingNode() ? "required, " + shape
                : "must be " + shape + found(finding.value());
    }

    /** An array of texts: absent, not an array, or breaking its count ({@code count} says how). */
    private static Wording textArray(String count) {
        return (finding, kind) -> finding.value().isMissingNode() ? "required array"
                : !finding.value().isArray() ? "must be an array of texts" : count;
    }

    /** One of the values of the schema's {@code enum} at {@code pointer}, listed in the schema's order. */
    private static Wording oneOf(String pointer) {
        List<String> names = new ArrayList<>();
        TREE.at(pointer).forEach(name -> names.add(name.textValue()));
        String rule = "must be one of " + String.join(", ", names);
        return (finding, kind) -> finding.value().isMissingNode() ? "required; " + rule : rule + found(finding.value());
    }

    /**
     * A place in the manifest: its path as violations write it ({@code $.adapter.sites["layer.9.query"]}), the
     * pattern the wording table is keyed by ({@code $.adapter.sites[*]}) and the value there, missing if none.
     */
    private record Location(String path, String pattern, JsonNode value) {
        static Location of(JsonNodePath instance, JsonNode manifest) {
            Location at = new Location("$", "$", manifest);
            for (int i = 0; i < instance.getNameCount(); i++) {
                Object element = instance.getElement(i);
                at = element instanceof Integer index ? at.index(index, at.value().path(index))
                        : at.member((String) element);
            }
            return at;
        }

        Location index(int index, JsonNode item) {
            return new Location(path + "[" + index + "]", pattern + "[*]", item);
        }

        Location member(String name) {
            JsonNode member = value.path(name);
            if (QUOTED_MAPS.contains(pattern)) {
                return new Location(path + "[" + TextNode.valueOf(name) + "]", pattern + "[*]", member);
            }
            if (DOTTED_MAPS.contains(pattern)) {
                return new Location(path + "." + name, pattern + ".*", member);
            }
            return new Location(path + "." + name, pattern + "." + name, member);
        }
    }
}
