package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.brickyard.api.manifest.BrickProvenance;
import java.util.List;

/**
 * The summary of the provenance statement ({@code brick/provenance.json}, an in-toto Statement v1) a version's bundle
 * carries: which command made it, from what, on which base model. The registry checked at publish that it parses and
 * that its subjects are the bundle's entries; what it says about the author's machine is the author's word.
 *
 * @param predicateType the statement's predicate type; {@code https://brickyard.dev/provenance/v1} for Brickyard's
 *                      commands, whose fields the rest are
 * @param brick {@code id@version} the statement names
 * @param publisher who ran the command, as the statement says
 * @param command the command line that made the brick, {@code brick} first; empty for another predicate type
 * @param materials what it read (data files as the command named them, or merged bricks as {@code id@version}),
 *                  each with its SHA-256
 * @param subjects the bundle's entries it made, each with its SHA-256
 * @param baseModel the base model, with the SHA-256 of its ONNX file
 * @param createdAt when the statement was written, as the statement says
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvenanceDocument(String predicateType, String brick, String publisher, List<String> command,
                                 List<Artifact> materials, List<Artifact> subjects, Artifact baseModel,
                                 String createdAt) {
    /**
     * A file or brick and its digest.
     *
     * @param sha256 lower-case hex SHA-256
     */
    public record Artifact(String name, String sha256) {
    }

    /** The document of a statement. */
    public static ProvenanceDocument of(BrickProvenance statement) {
        return new ProvenanceDocument(statement.predicateType(), statement.brick(), statement.publisher(),
                statement.command(), artifacts(statement.materials()), artifacts(statement.subjects()),
                statement.baseModel() == null ? null : artifact(statement.baseModel()), statement.createdAt());
    }

    private static List<Artifact> artifacts(List<BrickProvenance.Artifact> artifacts) {
        return artifacts.stream().map(ProvenanceDocument::artifact).toList();
    }

    private static Artifact artifact(BrickProvenance.Artifact artifact) {
        return new Artifact(artifact.name(), artifact.sha256());
    }
}
