package dev.brickyard.http.registry;

import java.time.Instant;
import java.util.List;

/**
 * What a token may do, as {@code GET /v1/token} tells its holder (never the secret): lets {@code brick login}
 * check a token before storing it.
 */
public record TokenInfo(String id, String namespace, List<String> scopes, String description, Instant createdAt) {
}
