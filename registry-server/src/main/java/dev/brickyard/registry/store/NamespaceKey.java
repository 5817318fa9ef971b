package dev.brickyard.registry.store;

import java.time.Instant;

/**
 * A public key a namespace signs its bricks with.
 *
 * @param fingerprint hex SHA-256 of the key's encoded form (SubjectPublicKeyInfo)
 * @param name what the namespace calls the key
 * @param publicKeyPem the key as registered, a PEM {@code PUBLIC KEY} block
 * @param addedBy the id of the token that registered it
 * @param revokedAt when the namespace revoked it, or null while it is valid
 */
public record NamespaceKey(String namespace, String fingerprint, String name, String publicKeyPem, Instant addedAt,
                           String addedBy, Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
