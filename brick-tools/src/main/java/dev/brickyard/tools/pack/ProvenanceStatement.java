package dev.brickyard.tools.pack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.MalformedProvenanceException;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.BrickProvenance;
import dev.brickyard.api.manifest.ProvenanceJson;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.base.verify.BrickVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The provenance of a brick a command made ({@code brick train}, {@code brick fit adapter}, {@code brick neurons
 * find}, {@code brick merge}), as an in-toto Statement (v1) in the brick folder's {@code provenance.json}, which
 * {@code brick pack} puts into the bundle as {@code brick/provenance.json} ({@link BrickProvenance}):
 * <pre>
 * {
 *   "_type": "https://in-toto.io/Statement/v1",
 *   "subject": [ { "name": "brick/head.onnx", "digest": { "sha256": "…" } } ],      what it made
 *   "predicateType": "https://brickyard.dev/provenance/v1",
 *   "predicate": {
 *     "brick": "acme/support-intent@1.0.0",
 *     "publisher": "Ada (user ada)",                                              authors and the OS user
 *     "command": [ "brick", "train", "head", "--data", "data.tsv", … ],
 *     "materials": [ { "uri": "data.tsv", "digest": { "sha256": "…" } } ],          data files, or merged bricks
 *     "baseModel": { "name": "all-minilm-l6-v2", "digest": { "sha256": "…" } },
 *     "createdAt": "2026-12-05T17:00:00Z"
 *   }
 * }
 * </pre>
 * The subjects are the weights files; a brick without weights (a neuron brick: its selection is in brick.json) has
 * its {@code brick.json} as subject. It says which command made which weights from which data; it is not signed by
 * itself, but a signed bundle's signature covers it like every other entry. {@link #requireFresh} refuses to pack a
 * statement whose subjects have changed since (a card or brick.json edited after training is fine when the
 * statement covers weights).
 */
public final class ProvenanceStatement {
    /** The file in a brick folder, packed as {@code brick/provenance.json}. */
    public static final String FILE = "provenance.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProvenanceStatement() {
    }

    /**
     * Something a command read: a data file, or a brick it merged.
     *
     * @param uri the path as the command was given it, or a brick's {@code id@version}
     * @param sha256 lower-case hex SHA-256 of its bytes (a brick's: of its bundle)
     */
    public record Material(String uri, String sha256) {
        /** A data file, hashed now. */
        public static Material file(Path file) throws IOException {
            return new Material(file.toString(), hex(file));
        }

        /** A brick, by its {@code sha256:<hex>} digest. */
        public static Material brick(String ref, String digest) {
            return new Material(ref, digest.replaceFirst("^sha256:", ""));
        }
    }

    /**
     * Writes the statement for the brick {@code manifest} describes in {@code folder} (which holds its files as the
     * command wrote them), made by {@code command} from {@code materials}.
     */
    public static void write(Path folder, BrickManifest manifest, List<String> command, List<Material> materials)
            throws IOException {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", BrickProvenance.STATEMENT_TYPE);
        ArrayNode subject = statement.putArray("subject");
        for (String made : subjects(manifest)) {
            subject.addObject().put("name", BrickHeaders.BRICK_FOLDER + made).putObject("digest")
                    .put("sha256", hex(folder.resolve(made)));
        }
        statement.put("predicateType", BrickProvenance.PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        predicate.put("brick", manifest.id() + "@" + manifest.version());
        predicate.put("publisher", String.join(", ", manifest.authors()) + " (user "
                + System.getProperty("user.name", "unknown") + ")");
        ArrayNode line = predicate.putArray("command");
        command.forEach(line::add);
        ArrayNode read = predicate.putArray("materials");
        for (Material material : materials) {
            read.addObject().put("uri", material.uri()).putObject("digest").put("sha256", material.sha256());
        }
        predicate.putObject("baseModel").put("name", manifest.base().name()).putObject("digest")
                .put("sha256", manifest.base().digest().replaceFirst("^sha256:", ""));
        predicate.put("createdAt", Instant.now().toString());
        Files.write(folder.resolve(FILE), JSON.writeValueAsBytes(statement));
    }

    /** The folder's files the statement vouches for: the weights, or brick.json for a brick without weights. */
    private static List<String> subjects(BrickManifest manifest) {
        return manifest.weights().isEmpty() ? List.of("brick.json") : manifest.weights();
    }

    /**
     * Checks a folder's statement, if it has one, before it is packed: it must parse and its subjects must be the
     * folder's weights as they are now.
     *
     * @return whether the folder has a statement to pack
     * @throws MalformedBrickException when it does not parse or a weights file changed since it was written
     */
    static boolean requireFresh(Path folder) throws MalformedBrickException, IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        BrickProvenance statement;
        try {
            statement = ProvenanceJson.read(Files.readAllBytes(file));
        } catch (MalformedProvenanceException e) {
            throw new MalformedBrickException(file + " is not a provenance statement", e.violations().stream()
                    .map(v -> new Violation(v.path().replace(BrickProvenance.PATH, file.toString()), v.message()))
                    .toList(), e);
        }
        for (BrickProvenance.Artifact subject : statement.subjects()) {
            String name = subject.name().replaceFirst("^" + BrickHeaders.BRICK_FOLDER, "");
            Path made = folder.resolve(name).normalize();
            if (!made.startsWith(folder.normalize()) || !Files.isRegularFile(made)
                    || !hex(made).equals(subject.sha256())) {
                throw new MalformedBrickException(file + " describes " + name + " as the command made it, but the "
                        + "file is missing or has changed since: make the brick again, or delete " + FILE);
            }
        }
        return true;
    }

    private static String hex(Path file) throws IOException {
        return BrickVerifier.sha256(file).substring("sha256:".length());
    }
}
