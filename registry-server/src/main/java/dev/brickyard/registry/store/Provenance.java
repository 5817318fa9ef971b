package dev.brickyard.registry.store;

import dev.brickyard.api.version.BrickId;

/**
 * Where a version being published comes from, as far as the publisher could tell.
 *
 * @param weightsDigest {@code sha256:<hex>} of the learnt content of its weights, which later publishes are compared
 *                      with, or null when it has none
 * @param copyOf the brick of another namespace that a new brick copies, or null; only a brick's first version
 *               decides it
 * @param signer the fingerprint of the key that signed the bundle, or null for an unsigned bundle
 */
public record Provenance(String weightsDigest, BrickId copyOf, String signer) {
    /** Nothing known: no weights to compare, not a copy, unsigned. */
    public static final Provenance NONE = new Provenance(null, null, null);
}
