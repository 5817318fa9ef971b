package dev.brickyard.http.host.v2;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body of every {@code /v2} endpoint: the protocol's {@code {"error": "..."}}, with the stable {@code code}
 * of the host's problem documents beside it (and, for an internal error, the {@code errorId} it was logged under).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpenInferenceError(String error, String code, String errorId) {
}
