package dev.brickyard.http.host.v2;

/** {@code GET /v2/models/{name}/ready}: {@code $ready_model_response}. */
public record ModelReady(String name, boolean ready) {
}
