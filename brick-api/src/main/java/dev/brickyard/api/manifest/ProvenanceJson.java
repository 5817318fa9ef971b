package dev.brickyard.api.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.MalformedProvenanceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a brick's provenance statement ({@link BrickProvenance#PATH}) and checks that it is an in-toto Statement v1:
 * <pre>
 * {
 *   "_type": "https://in-toto.io/Statement/v1",
 *   "subject": [ { "name": "brick/head.onnx", "digest": { "sha256": "…" } } ],       at least one
 *   "predicateType": "https://brickyard.dev/provenance/v1",                           any URI
 *   "predicate": {                                                                     an object
 *     "brick": "acme/intent@1.0.0", "publisher": "Ada (user ada)",
 *     "command": [ "brick", "train", "head", … ],                                      Brickyard's: required
 *     "materials": [ { "uri": "data.tsv", "digest": { "sha256": "…" } } ],
 *     "baseModel": { "name": "all-minilm-l6-v2", "digest": { "sha256": "…" } },
 *     "createdAt": "2026-12-05T17:00:00Z"
 *   }
 * }
 * </pre>
 * Every digest is 64 lower-case hex digits. The fields of another predicate type are not read. Whether the subjects
 * are the bundle's entries is for the verifier, which has the entries.
 */
public final class ProvenanceJson {
    /** Most bytes a statement may have: a command line and a list of materials, not a data set. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Most subjects, materials or command-line arguments. */
    public static final int MAX_ITEMS = 1_000;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ProvenanceJson() {
    }

    /**
     * Parses and checks a statement.
     *
     * @throws MalformedProvenanceException listing every violation, each at {@code brick/provenance.json:<JSON path>}
     */
    public static BrickProvenance read(byte[] json) throws MalformedProvenanceException {
        String file = BrickProvenance.PATH;
        if (json.length > MAX_BYTES) {
            throw refused(List.of(new Violation(file, "is " + json.length + " bytes, more than " + MAX_BYTES)));
        }
        JsonNode tree;
        try {
            Utf8Json.require(json, file);
            tree = MAPPER.readTree(json);
        } catch (MalformedBrickException e) {
            throw refused(List.of(new Violation(file, e.getMessage())));
        } catch (JsonProcessingException e) {
            throw refused(List.of(new Violation(file, "is not JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory cannot fail", e);
        }
        List<Violation> violations = new ArrayList<>();
        if (tree == null || !tree.isObject()) {
            throw refused(List.of(new Violation(file, "is not a JSON object")));
        }
        if (!BrickProvenance.STATEMENT_TYPE.equals(tree.path("_type").asText(null))) {
            violations.add(new Violation(file + ":$._type", "must be " + BrickProvenance.STATEMENT_TYPE));
        }
        List<BrickProvenance.Artifact> subjects = artifacts(tree.path("subject"), "$.subject", "name", violations);
        if (tree.path("subject").isArray() && tree.path("subject").isEmpty()) {
            violations.add(new Violation(file + ":$.subject", "must name at least one entry"));
        }
        String predicateType = text(tree, "predicateType", "$.predicateType", true, violations);
        JsonNode predicate = tree.path("predicate");
        if (!predicate.isObject()) {
            violations.add(new Violation(file + ":$.predicate", "must be an object"));
        }
        String brick = null;
        String publisher = null;
        String createdAt = null;
        List<String> command = List.of();
        List<BrickProvenance.Artifact> materials = List.of();
        BrickProvenance.Artifact baseModel = null;
        if (BrickProvenance.PREDICATE_TYPE.equals(predicateType) && predicate.isObject()) {
            brick = text(predicate, "brick", "$.predicate.brick", false, violations);
            publisher = text(predicate, "publisher", "$.predicate.publisher", false, violations);
            createdAt = text(predicate, "createdAt", "$.predicate.createdAt", false, violations);
            command = command(predicate.path("command"), violations);
            materials = predicate.has("materials")
                    ? artifacts(predicate.path("materials"), "$.predicate.materials", "uri", violations) : List.of();
            if (predicate.has("baseModel")) {
                baseModel = artifact(predicate.path("baseModel"), "$.predicate.baseModel", "name", violations);
            }
        }
        if (!violations.isEmpty()) {
            throw refused(violations);
        }
        return new BrickProvenance(subjects, predicateType, brick, publisher, command, materials, baseModel,
                createdAt);
    }

    private static MalformedProvenanceException refused(List<Violation> violations) {
        return new MalformedProvenanceException(BrickProvenance.PATH + " is not a valid provenance statement",
                violations);
    }

    private static String text(JsonNode parent, String field, String path, boolean required,
                               List<Violation> violations) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                violations.add(new Violation(BrickProvenance.PATH + ":" + path, "missing"));
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            violations.add(new Violation(BrickProvenance.PATH + ":" + path, "must be a non-empty string"));
            return null;
        }
        return node.asText();
    }

    private static List<String> command(JsonNode node, List<Violation> violations) {
        String path = BrickProvenance.PATH + ":$.predicate.command";
        if (!node.isArray() || node.isEmpty()) {
            violations.add(new Violation(path, "must be the command line, a non-empty array of strings"));
            return List.of();
        }
        if (node.size() > MAX_ITEMS) {
            violations.add(new Violation(path, "has " + node.size() + " arguments, more than " + MAX_ITEMS));
            return List.of();
        }
        List<String> line = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                violations.add(new Violation(path + "[" + i + "]", "must be a string"));
            } else {
                line.add(node.get(i).asText());
            }
        }
        return line;
    }

    private static List<BrickProvenance.Artifact> artifacts(JsonNode node, String path, String nameField,
                                                           List<Violation> violations) {
        if (!node.isArray()) {
            violations.add(new Violation(BrickProvenance.PATH + ":" + path, "must be an array"));
            return List.of();
        }
        if (node.size() > MAX_ITEMS) {
            violations.add(new Violation(BrickProvenance.PATH + ":" + path, "has " + node.size()
                    + " items, more than " + MAX_ITEMS));
            return List.of();
        }
        List<BrickProvenance.Artifact> artifacts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            BrickProvenance.Artifact artifact = artifact(node.get(i), path + "[" + i + "]", nameField, violations);
            if (artifact != null) {
                artifacts.add(artifact);
            }
        }
        return artifacts;
    }

    /** {@code {"<nameField>": "...", "digest": {"sha256": "<hex>"}}}, or null (with violations) when it is not. */
    private static BrickProvenance.Artifact artifact(JsonNode node, String path, String nameField,
                                                     List<Violation> violations) {
        if (!node.isObject()) {
            violations.add(new Violation(BrickProvenance.PATH + ":" + path, "must be an object with \"" + nameField
                    + "\" and \"digest\""));
            return null;
        }
        String name = text(node, nameField, path + "." + nameField, true, violations);
        JsonNode sha256 = node.path("digest").path("sha256");
        if (!sha256.isTextual() || !SHA256_HEX.matcher(sha256.asText()).matches()) {
            violations.add(new Violation(BrickProvenance.PATH + ":" + path + ".digest.sha256",
                    "must be a SHA-256 in 64 lower-case hex digits"));
            return null;
        }
        return name == null ? null : new BrickProvenance.Artifact(name, sha256.asText());
    }
}
