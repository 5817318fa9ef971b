package dev.brickyard.registry.store;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A token. Only the SHA-256 of its secret is stored; the secret is shown once, when it is created. A token is either
 * a namespace's (scopes {@code publish} and/or {@code yank}) or an admin token (scope {@code admin}, no namespace),
 * never both: an admin token manages tokens and publishes nothing.
 *
 * @param namespace the namespace a publish/yank token belongs to; null for an admin token
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

    /** Whether this is an admin token, which may create, list and revoke tokens. */
    public boolean admin() {
        return scopes.contains(Scope.ADMIN);
    }

    /** The scopes as the API and the database write them, sorted: {@code publish,yank}. */
    public List<String> scopeNames() {
        return scopes.stream().map(Scope::jsonName).sorted().toList();
    }

    /**
     * What a token may do: publish, yank or manage signing keys in its namespace, or administer the registry's
     * tokens. {@code keys} registers and revokes the namespace's signing keys and sets its signing policy; it is a
     * scope of its own so that a publishing token (in CI, say) that leaks cannot register a key of its own where
     * signed publishes are required.
     */
    public enum Scope {
        PUBLISH, YANK, KEYS, ADMIN;

        /** The scopes of a namespace's token, the default of a new one. */
        public static final Set<Scope> NAMESPACE_SCOPES = Set.copyOf(EnumSet.of(PUBLISH, YANK));

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope parse(String text) {
            for (Scope scope : values()) {
                if (scope.jsonName().equals(text.trim())) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("unknown scope '" + text + "' (known: publish, yank, keys, admin)");
        }
    }
}
