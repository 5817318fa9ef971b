package dev.brickyard.registry.store;

import dev.brickyard.api.manifest.BrickProvenance;
import dev.brickyard.api.version.BrickId;

/**
 * Where a version being published comes from, as far as the publisher could tell.
 *
 * @param weightsDigest {@code sha256:<hex>} of the learnt content of its weights, which later publishes are compared
 *                      with, or null when it has none
 * @param copyOf the brick of another namespace that a new brick copies, or null; only a brick's first version
 *               decides it
 * @param signer the fingerprint of the key that signed the bundle, or null for an unsigned bundle
 * @param statement what the bundle's own provenance statement ({@code brick/provenance.json}) says, checked against
 *                  its entries; null when it carries none
 */
public record Provenance(String weightsDigest, BrickId copyOf, String signer, BrickProvenance statement) {
    /** Nothing known: no weights to compare, not a copy, unsigned, no statement. */
    public static final Provenance NONE = new Provenance(null, null, null, null);

    /** What the publisher found, for a bundle without a provenance statement. */
    public Provenance(String weightsDigest, BrickId copyOf, String signer) {
        this(weightsDigest, copyOf, signer, null);
    }
}
