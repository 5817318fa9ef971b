package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A brick in a list: its representative version's metadata.
 *
 * @param score relevance when the list answers a text query, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BrickSummary(String id, String namespace, String name, String latestVersion, String kind, String origin,
                           String baseModel, String description, List<String> tags, List<String> labels,
                           long downloads, Instant updatedAt, boolean yanked, Double score, String url) {
}
