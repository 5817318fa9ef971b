package dev.brickyard.http.registry;

import java.util.Map;

/**
 * A brick's dist-tags, as {@code GET /v1/bricks/{ns}/{name}/tags} answers them and the brick document carries them
 * ({@code distTags}): tag name to version, in name order, with the implicit {@code latest} included whenever the brick
 * has a non-yanked version.
 *
 * @param id the brick, {@code namespace/name}
 */
public record DistTags(String id, Map<String, String> tags) {
}
