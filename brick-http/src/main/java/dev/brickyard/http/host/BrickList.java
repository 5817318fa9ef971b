package dev.brickyard.http.host;

import java.util.List;

/**
 * The installed bricks, as {@code GET /v1/bricks} answers: an object with {@code items}, the shape every list has in
 * the host API, the registry API and the CLI's {@code --json}.
 *
 * @param items the brick documents, in install order
 */
public record BrickList(List<BrickDocument> items) {
}
