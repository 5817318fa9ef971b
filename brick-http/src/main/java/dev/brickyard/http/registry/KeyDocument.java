package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A namespace's signing key, as {@code GET /v1/namespaces/{ns}/keys} lists it.
 *
 * @param status {@code valid} or {@code revoked}
 * @param revokedAt when it was revoked; absent while it is valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyDocument(String namespace, String fingerprint, String name, String publicKey, String status,
                          Instant addedAt, Instant revokedAt) {
}
