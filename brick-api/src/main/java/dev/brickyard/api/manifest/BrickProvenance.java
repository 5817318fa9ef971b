package dev.brickyard.api.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a brick's provenance statement ({@code brick/provenance.json}, an in-toto Statement v1) says, as far as
 * Brickyard reads it: the entries it describes ({@code subject}), the kind of predicate, and for Brickyard's own
 * predicate ({@link #PREDICATE_TYPE}) the command that made the brick, from which materials, on which base model.
 * {@link ProvenanceJson} reads and checks it.
 *
 * @param subjects the entries the command made (weights files, or {@code brick/brick.json} for a brick without
 *                 weights), each with its SHA-256
 * @param predicateType the predicate's type URI
 * @param brick {@code id@version} as the statement names it; null for another predicate type
 * @param publisher who ran the command, as the statement says; may be null
 * @param command the command line, {@code brick} first; empty for another predicate type
 * @param materials what the command read: data files, or the bricks a merge combined, each with its SHA-256
 * @param baseModel the base model the brick was made on, with the SHA-256 of its ONNX file; null when not stated
 * @param createdAt when the statement was written (ISO-8601), as the statement says; may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BrickProvenance(List<Artifact> subjects, String predicateType, String brick, String publisher,
                              List<String> command, List<Artifact> materials, Artifact baseModel, String createdAt) {
    /** The statement's entry in a bundle. */
    public static final String PATH = BrickHeaders.BRICK_FOLDER + "provenance.json";
    /** The in-toto statement type this is. */
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    /** The predicate Brickyard's commands write. */
    public static final String PREDICATE_TYPE = "https://brickyard.dev/provenance/v1";

    public BrickProvenance {
        subjects = List.copyOf(subjects);
        command = List.copyOf(command);
        materials = List.copyOf(materials);
    }

    /**
     * A file or brick with its digest.
     *
     * @param name the subject's entry name, the material's URI (a path as the command was given it, or a brick's
     *             {@code id@version}), or the base model's name
     * @param sha256 lower-case hex SHA-256, without a prefix
     */
    public record Artifact(String name, String sha256) {
    }
}
