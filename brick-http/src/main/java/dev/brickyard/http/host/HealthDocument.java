package dev.brickyard.http.host;

/** {@code GET /v1/health}. */
public record HealthDocument(String status, String baseModel, String variant, int bricks, long brickMemoryBytes,
                             long brickMemoryBudget, long generation, long uptimeSeconds, String registry) {
}
