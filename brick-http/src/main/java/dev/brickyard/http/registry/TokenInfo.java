package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What a token may do, never its secret: {@code GET /v1/token} tells its holder (so {@code brick login} can check a
 * token before storing it), and the admin API lists and revokes tokens with it.
 *
 * @param namespace the namespace of a publish/yank token; absent for an admin token
 * @param revokedAt when it was revoked; absent while it is valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenInfo(String id, String namespace, List<String> scopes, String description, Instant createdAt,
                        Instant revokedAt) {
    /** Whether this is an admin token. */
    public boolean admin() {
        return scopes.contains("admin");
    }
}
