package dev.brickyard.http.host.v2;

/** {@code GET /v2/health/live}: {@code $live_server_response}. */
public record ServerLive(boolean live) {
}
