package dev.brickyard.http.host.v2;

/**
 * One entry of {@code POST /v2/repository/index}'s answer ({@code $repository_index_response}).
 *
 * @param state {@code READY} or {@code UNAVAILABLE}
 * @param reason why a model is unavailable; empty when it is ready
 */
public record RepositoryModel(String name, String version, String state, String reason) {
}
