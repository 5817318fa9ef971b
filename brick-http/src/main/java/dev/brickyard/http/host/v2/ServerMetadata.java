package dev.brickyard.http.host.v2;

import java.util.List;

/** {@code GET /v2}: {@code $metadata_server_response}, what server this is and which protocol extensions it has. */
public record ServerMetadata(String name, String version, List<String> extensions) {
}
