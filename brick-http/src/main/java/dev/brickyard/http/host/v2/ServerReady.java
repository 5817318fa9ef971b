package dev.brickyard.http.host.v2;

/** {@code GET /v2/health/ready}: {@code $ready_server_response}. */
public record ServerReady(boolean ready) {
}
