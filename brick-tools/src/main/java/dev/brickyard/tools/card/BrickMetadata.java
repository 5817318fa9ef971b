package dev.brickyard.tools.card;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the author says about a brick, as opposed to what training computes: id, version, description, tags,
 * licence and authors. Read from an existing {@code brick.json} in the output folder (so retraining keeps them),
 * overridden by command-line options.
 */
public record BrickMetadata(String id, String version, String description, List<String> tags, String license,
                            List<String> authors) {

    /** The metadata of {@code folder/brick.json}, leniently: missing fields stay null. */
    public static BrickMetadata fromFolder(Path folder) throws InvalidInputException, IOException {
        Path json = folder.resolve("brick.json");
        if (!Files.exists(json)) {
            return new BrickMetadata(null, null, null, List.of(), null, List.of());
        }
        JsonNode tree;
        try {
            tree = ManifestJson.parseTree(Files.readAllBytes(json));
        } catch (MalformedBrickException e) {
            throw new InvalidInputException(json + ": " + e.getMessage());
        }
        return new BrickMetadata(text(tree, "id"), text(tree, "version"), text(tree, "description"),
                texts(tree.path("tags")), text(tree, "license"), texts(tree.path("authors")));
    }

    /** This metadata with every non-null, non-empty override applied. */
    public BrickMetadata overriddenBy(BrickMetadata override) {
        return new BrickMetadata(pick(override.id, id), pick(override.version, version),
                pick(override.description, description), override.tags.isEmpty() ? tags : override.tags,
                pick(override.license, license), override.authors.isEmpty() ? authors : override.authors);
    }

    /** Checks that everything a manifest needs is present and well-formed. */
    public BrickMetadata requireComplete() throws InvalidInputException {
        List<String> missing = new ArrayList<>();
        if (id == null) {
            missing.add("--id (namespace/name)");
        } else if (!BrickId.isValid(id)) {
            throw new InvalidInputException("--id '" + id + "' is not namespace/name in lower-case letters, digits, hyphens");
        }
        if (version != null && !SemVer.isValid(version)) {
            throw new InvalidInputException("--version '" + version + "' is not a semantic version such as 1.0.0");
        }
        if (description == null || description.isBlank()) {
            missing.add("--description");
        }
        if (authors.isEmpty()) {
            missing.add("--author");
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("missing " + String.join(", ", missing)
                    + " (or write them in brick.json in the output folder)");
        }
        return new BrickMetadata(id, version == null ? "1.0.0" : version, description, tags,
                license == null ? "Apache-2.0" : license, authors);
    }

    private static String pick(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }

    private static String text(JsonNode tree, String field) {
        JsonNode value = tree.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> {
            if (item.isTextual()) {
                values.add(item.textValue());
            }
        });
        return values;
    }
}
