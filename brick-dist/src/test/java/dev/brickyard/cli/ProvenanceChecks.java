package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.manifest.BrickProvenance;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.verify.BrickVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a user sees of the provenance statement a command wrote into a brick, once it is packed. */
public final class ProvenanceChecks {
    private ProvenanceChecks() {
    }

    /**
     * Checks a packed bundle's statement, as the verifier reads it and as {@code brick info FILE.jar} prints it: the
     * command line, each material with its SHA-256, the FP32 base model, and the subjects (checked against the
     * bundle's entries by the verifier).
     *
     * @param command the command line, {@code brick …}, words joined by one space
     * @param materials each material's name to its hex SHA-256, in order
     * @param subjects the entries the statement must name as made
     * @return the statement
     */
    public static BrickProvenance assertProvenance(Path jar, String command, Map<String, String> materials,
                                                   List<String> subjects) throws Exception {
        BrickProvenance statement = new BrickVerifier().verify(jar).provenance();
        assertNotNull(statement, jar + " carries no brick/provenance.json");
        assertEquals(BrickProvenance.PREDICATE_TYPE, statement.predicateType());
        assertEquals(command, String.join(" ", statement.command()));
        assertEquals(List.copyOf(materials.keySet()), statement.materials().stream()
                .map(BrickProvenance.Artifact::name).toList());
        for (BrickProvenance.Artifact material : statement.materials()) {
            assertEquals(materials.get(material.name()), material.sha256(), material.name());
        }
        assertEquals(subjects, statement.subjects().stream().map(BrickProvenance.Artifact::name).toList());
        assertEquals(BaseModelVariant.FP32.digest(), "sha256:" + statement.baseModel().sha256());

        CliRun info = CliRun.of("info", jar.toString());
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains(command), info.out());
        materials.forEach((name, sha256) -> assertTrue(info.out().contains(name + " sha256:" + sha256),
                info.out()));
        assertTrue(info.out().contains("all-minilm-l6-v2 " + BaseModelVariant.FP32.digest()), info.out());
        for (BrickProvenance.Artifact subject : statement.subjects()) {
            assertTrue(info.out().contains(subject.name() + " sha256:" + subject.sha256()), info.out());
        }
        return statement;
    }

    /** The hex SHA-256 of a file, as a statement names it. */
    public static String sha256(Path file) throws Exception {
        return BrickVerifier.sha256(file).substring("sha256:".length());
    }
}
