package dev.brickyard.registry.store;

import dev.brickyard.api.version.BrickId;

/**
 * Where a version being published comes from, as far as the publisher could tell.
 *
 * @param weightsDigest {@code sha256:<hex>} of the learnt content of its weights, which later publishes are compared
 *                      with, or null when it has none
 * @param copyOf the brick of another namespace that a new brick copies, or null; only a brick's first version
 *               decides it
 */
public record Provenance(String weightsDigest, BrickId copyOf) {
    /** Nothing known: no weights to compare, not a copy. */
    public static final Provenance NONE = new Provenance(null, null);
}
