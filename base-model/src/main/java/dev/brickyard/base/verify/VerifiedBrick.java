package dev.brickyard.base.verify;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.BrickProvenance;
import dev.brickyard.api.manifest.IoSpec;
import dev.brickyard.base.sign.SignatureOutcome;
import java.util.Map;

/**
 * A brick archive that passed every check.
 *
 * @param manifest the validated {@code brick.json}
 * @param manifestJson {@code brick.json} exactly as the archive holds it
 * @param card the brick card ({@code brick/README.md})
 * @param headers the bundle's main manifest attributes
 * @param graph the signature of the main weights graph as ONNX Runtime reports it
 * @param sha256 {@code sha256:<hex>} of the archive's bytes
 * @param size the archive's size in bytes
 * @param provenance the provenance statement ({@code brick/provenance.json}), checked against the entries it names;
 *                   null when the bundle carries none
 * @param signature the jar signature, verified from the entries the format checks read: who signed every entry,
 *                  unsigned, or why it does not verify
 */
public record VerifiedBrick(BrickManifest manifest, String manifestJson, String card, Map<String, String> headers,
                            IoSpec graph, String sha256, long size, BrickProvenance provenance,
                            SignatureOutcome signature) {
    public VerifiedBrick {
        headers = Map.copyOf(headers);
    }
}
