package dev.brickyard.registry.store;

import java.time.Instant;
import java.util.Set;

/**
 * A publishing token. Only the SHA-256 of its secret is stored; the secret is shown once, when it is created.
 *
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record TokenRecord(String id, String namespace, String secretHash, Set<Scope> scopes, String description,
                          Instant createdAt, Instant revokedAt) {
    public TokenRecord {
        scopes = Set.copyOf(scopes);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /**
     * What a token may do in its namespace. Reads need no token at all. {@code keys} registers and revokes the
     * namespace's signing keys and sets its signing policy; it is a scope of its own so that a publishing token (in
     * CI, say) that leaks cannot register a key of its own where signed publishes are required.
     */
    public enum Scope {
        PUBLISH, YANK, KEYS;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Scope parse(String text) {
            for (Scope scope : values()) {
                if (scope.jsonName().equals(text.trim())) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("unknown scope '" + text + "' (known: publish, yank, keys)");
        }
    }
}
