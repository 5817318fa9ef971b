package dev.brickyard.http.host;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /v1/health}.
 *
 * @param registry the registry the host installs from; absent when it has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthDocument(String status, String baseModel, String variant, int bricks, long brickMemoryBytes,
                             long brickMemoryBudget, long generation, long uptimeSeconds, String registry) {
}
