package dev.brickyard.tools.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.verify.BrickVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The provenance of a trained brick, as an in-toto Statement (v1) in the brick folder's {@code provenance.json},
 * which {@code brick pack} puts into the bundle as {@code brick/provenance.json}:
 * <pre>
 * {
 *   "_type": "https://in-toto.io/Statement/v1",
 *   "subject": [ { "name": "brick/head.onnx", "digest": { "sha256": "…" } } ],      the weights it made
 *   "predicateType": "https://brickyard.dev/provenance/v1",
 *   "predicate": {
 *     "brick": "acme/support-intent@1.0.0",
 *     "publisher": "Ada (user ada)",                                              authors and the OS user
 *     "command": [ "brick", "train", "head", "--data", "data.tsv", … ],
 *     "materials": [ { "uri": "data.tsv", "digest": { "sha256": "…" } } ],          the training data
 *     "createdAt": "2026-12-05T17:00:00Z"
 *   }
 * }
 * </pre>
 * It says which command made which weights from which data; it is not signed by itself, but a signed bundle's
 * signature covers it like every other entry. {@link #requireFresh} refuses to pack a statement whose weights
 * have changed since (a card or brick.json edited after training is fine: the statement covers the weights).
 */
public final class ProvenanceStatement {
    /** The file in a brick folder, packed as {@code brick/provenance.json}. */
    public static final String FILE = "provenance.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProvenanceStatement() {
    }

    /**
     * Writes the statement for the weights {@code manifest} lists in {@code folder}, made by {@code command} from
     * {@code data}.
     */
    public static void write(Path folder, BrickManifest manifest, List<String> command, List<Path> data)
            throws IOException {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        ArrayNode subject = statement.putArray("subject");
        for (String weight : manifest.weights()) {
            subject.addObject().put("name", "brick/" + weight).putObject("digest")
                    .put("sha256", hex(folder.resolve(weight)));
        }
        statement.put("predicateType", "https://brickyard.dev/provenance/v1");
        ObjectNode predicate = statement.putObject("predicate");
        predicate.put("brick", manifest.id() + "@" + manifest.version());
        predicate.put("publisher", String.join(", ", manifest.authors()) + " (user "
                + System.getProperty("user.name", "unknown") + ")");
        ArrayNode line = predicate.putArray("command");
        command.forEach(line::add);
        ArrayNode materials = predicate.putArray("materials");
        for (Path file : data) {
            materials.addObject().put("uri", file.toString()).putObject("digest").put("sha256", hex(file));
        }
        predicate.put("createdAt", Instant.now().toString());
        Files.write(folder.resolve(FILE), JSON.writeValueAsBytes(statement));
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
        JsonNode statement;
        try {
            statement = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new MalformedBrickException(file + " is not JSON: " + e.getMessage(), e);
        }
        if (!statement.path("subject").isArray()) {
            throw new MalformedBrickException(file + " is not an in-toto statement: it has no subject list");
        }
        for (JsonNode subject : statement.path("subject")) {
            String name = subject.path("name").asText().replaceFirst("^brick/", "");
            Path weight = folder.resolve(name).normalize();
            if (!weight.startsWith(folder.normalize()) || !Files.isRegularFile(weight)
                    || !hex(weight).equals(subject.path("digest").path("sha256").asText())) {
                throw new MalformedBrickException(file + " describes " + name + " as it was trained, but the file "
                        + "is missing or has changed since: train again, or delete " + FILE);
            }
        }
        return true;
    }

    private static String hex(Path file) throws IOException {
        return BrickVerifier.sha256(file).substring("sha256:".length());
    }
}
