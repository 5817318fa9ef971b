package dev.brickyard.base.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.MalformedProvenanceException;
import dev.brickyard.api.manifest.BrickProvenance;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.base.fixtures.BrickJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle's provenance statement ({@code brick/provenance.json}) as the verifier checks it: an in-toto statement
 * whose subjects are the bundle's entries with their SHA-256, else the bundle is refused.
 */
class ProvenanceVerificationTest {
    @TempDir
    Path folder;

    static String statement(String subject, String sha256) {
        return """
                {"_type": "https://in-toto.io/Statement/v1",
                 "subject": [{"name": "%s", "digest": {"sha256": "%s"}}],
                 "predicateType": "https://brickyard.dev/provenance/v1",
                 "predicate": {"command": ["brick", "train", "head"],
                               "materials": [{"uri": "data.tsv", "digest": {"sha256": "%s"}}]}}
                """.formatted(subject, sha256, "a".repeat(64));
    }

    static BrickJar withStatement(String json) {
        BrickJar brick = BrickJar.head("acme/traced", "1.0.0", "a", "b");
        return brick.entry(BrickProvenance.PATH, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStatementAboutTheBundlesEntriesIsRead() throws Exception {
        BrickJar brick = BrickJar.head("acme/traced", "1.0.0", "a", "b");
        String card = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                new BrickVerifier().verify(brick.writeTo(folder, "plain")).card().getBytes(StandardCharsets.UTF_8)));
        Path jar = brick.entry(BrickProvenance.PATH, statement("brick/README.md", card)
                .getBytes(StandardCharsets.UTF_8)).writeTo(folder, "traced");
        BrickProvenance provenance = new BrickVerifier().verify(jar).provenance();
        assertEquals(List.of(new BrickProvenance.Artifact("brick/README.md", card)), provenance.subjects());
        assertEquals(List.of("brick", "train", "head"), provenance.command());
        assertEquals("data.tsv", provenance.materials().get(0).name());
        assertNull(provenance.baseModel());
        assertNull(new BrickVerifier().verify(folder.resolve("plain.jar")).provenance(), "a bundle without one");
    }

    @Test
    void aMalformedStatementOrOneAboutOtherBytesIsRefused() throws Exception {
        assertRefused(withStatement("not json"), "brick/provenance.json");
        assertRefused(withStatement("[]"), "brick/provenance.json");
        assertRefused(withStatement(statement("brick/README.md", "0".repeat(64)).replace("Statement/v1", "v0")),
                "brick/provenance.json:$._type");
        assertRefused(withStatement(statement("brick/README.md", "XYZ")), "brick/provenance.json:$.subject[0]"
                + ".digest.sha256");
        assertRefused(withStatement(statement("brick/README.md", "0".repeat(64))),
                "brick/provenance.json:$.subject[0]");
        assertRefused(withStatement(statement("brick/missing.onnx", "0".repeat(64))),
                "brick/provenance.json:$.subject[0]");
        assertRefused(withStatement(statement("brick/README.md", "0".repeat(64)).replace("[\"brick\", \"train\", "
                + "\"head\"]", "[]")), "brick/provenance.json:$.predicate.command");
    }

    private void assertRefused(BrickJar brick, String path) throws Exception {
        Path jar = brick.writeTo(folder, "refused");
        MalformedProvenanceException e = assertThrows(MalformedProvenanceException.class,
                () -> new BrickVerifier().verify(jar));
        assertTrue(e.violations().stream().map(Violation::path).anyMatch(path::equals),
                path + " not in " + e.violations());
    }
}
