package dev.brickyard.api.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.VersionRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads, validates and writes a composite brick's {@code brick/recipe.json} ({@link CompositeRecipe}). Like
 * {@link ManifestJson} it walks the JSON tree, so every violation is reported at once, each with its JSON path
 * ({@code $.components[1].range}).
 */
public final class CompositeRecipeJson {
    /** Longest accepted {@code recipe.json}, in bytes: sixteen components fit in a few kilobytes. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Fewest components: a composite of one brick is that brick. */
    public static final int MIN_COMPONENTS = 2;
    /** Most components: each is run for every request the composite answers. */
    public static final int MAX_COMPONENTS = 16;

    private static final Set<String> FIELDS = Set.of("combine", "components");
    private static final Set<String> COMPONENT_FIELDS = Set.of("brick", "range", "weight");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CompositeRecipeJson() {
    }

    /**
     * Parses and validates the recipe of a composite brick.
     *
     * @param composite the id of the composite that carries the recipe: it must not name itself as a component
     * @throws MalformedBrickException listing every violation, or saying the bytes are not JSON
     */
    public static CompositeRecipe read(byte[] json, BrickId composite) throws MalformedBrickException {
        if (json.length > MAX_BYTES) {
            throw new MalformedBrickException(CompositeRecipe.FILE + " is " + json.length
                    + " bytes, more than the limit of " + MAX_BYTES);
        }
        Utf8Json.require(json, CompositeRecipe.FILE);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new MalformedBrickException(CompositeRecipe.FILE + " is not valid JSON: " + reason, e);
        }
        List<Violation> violations = validate(tree, composite);
        if (!violations.isEmpty()) {
            throw new MalformedBrickException(CompositeRecipe.FILE + " breaks the brick format", violations);
        }
        List<CompositeRecipe.Component> components = new ArrayList<>();
        for (JsonNode component : tree.get("components")) {
            components.add(new CompositeRecipe.Component(BrickId.parse(component.get("brick").textValue()),
                    VersionRange.parse(component.get("range").textValue()), component.get("weight").doubleValue()));
        }
        return new CompositeRecipe(tree.get("combine").textValue(), components);
    }

    /**
     * Checks a recipe without binding it. An empty list means it is valid.
     *
     * @param composite the id of the composite that carries it
     */
    public static List<Violation> validate(JsonNode tree, BrickId composite) {
        List<Violation> out = new ArrayList<>();
        if (tree == null || !tree.isObject()) {
            out.add(new Violation("$", "must be a JSON object {combine, components}"));
            return out;
        }
        unknownFields(tree, "$", FIELDS, out);
        JsonNode combine = tree.get("combine");
        if (combine == null || !combine.isTextual() || !CompositeRecipe.AVERAGE.equals(combine.textValue())) {
            out.add(new Violation("$.combine", (combine == null ? "required; " : "") + "must be \""
                    + CompositeRecipe.AVERAGE + "\", the one way of combining in format version 1"
                    + (combine == null ? "" : " (found " + combine + ")")));
        }
        JsonNode components = tree.get("components");
        if (components == null || !components.isArray()) {
            out.add(new Violation("$.components", "required, an array of {brick, range, weight}"));
            return out;
        }
        if (components.size() < MIN_COMPONENTS || components.size() > MAX_COMPONENTS) {
            out.add(new Violation("$.components", "must list " + MIN_COMPONENTS + " to " + MAX_COMPONENTS
                    + " bricks, found " + components.size()));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < components.size(); i++) {
            String at = "$.components[" + i + "]";
            JsonNode component = components.get(i);
            if (!component.isObject()) {
                out.add(new Violation(at, "must be an object {brick, range, weight}"));
                continue;
            }
            unknownFields(component, at, COMPONENT_FIELDS, out);
            JsonNode brick = component.get("brick");
            if (brick == null || !brick.isTextual() || !BrickId.isValid(brick.textValue())) {
                out.add(new Violation(at + ".brick", "required, a brick id such as acme/sentiment"
                        + (brick == null ? "" : " (found " + brick + ")")));
            } else if (composite != null && brick.textValue().equals(composite.toString())) {
                out.add(new Violation(at + ".brick", "a composite cannot be its own component"));
            } else if (!seen.add(brick.textValue())) {
                out.add(new Violation(at + ".brick", "duplicate '" + brick.textValue()
                        + "': each component is a different brick (give one a larger weight instead)"));
            }
            JsonNode range = component.get("range");
            if (range == null || !range.isTextual()) {
                out.add(new Violation(at + ".range", "required, a version range such as ^1.2"));
            } else {
                try {
                    VersionRange.parse(range.textValue());
                } catch (IllegalArgumentException e) {
                    out.add(new Violation(at + ".range", e.getMessage()));
                }
            }
            JsonNode weight = component.get("weight");
            if (weight == null || !weight.isNumber() || !Double.isFinite(weight.doubleValue())
                    || weight.doubleValue() <= 0) {
                out.add(new Violation(at + ".weight", "required, a finite number greater than 0"
                        + (weight == null ? "" : " (found " + weight + ")")));
            }
        }
        return out;
    }

    /** The recipe as indented UTF-8 JSON: {@code combine}, then the components in order. */
    public static byte[] write(CompositeRecipe recipe) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("combine", recipe.combine());
        ArrayNode components = root.putArray("components");
        for (CompositeRecipe.Component component : recipe.components()) {
            components.addObject().put("brick", component.brick().toString())
                    .put("range", component.range().toString()).put("weight", component.weight());
        }
        try {
            return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static void unknownFields(JsonNode node, String path, Set<String> known, List<Violation> out) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                out.add(new Violation(path + "." + name, "unknown field (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")"));
            }
        });
    }
}
