package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /v1/health}: whether the registry can serve (its database answers), for load balancers and people.
 *
 * @param status        {@code ok}, or {@code unavailable} (answered with 503) when the database does not answer
 * @param database      {@code ok}, or what is wrong with it; absent from the liveness answer
 * @param uptimeSeconds since the registry started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistryHealth(String status, String database, long uptimeSeconds) {
}
