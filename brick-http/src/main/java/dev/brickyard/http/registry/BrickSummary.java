package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A brick in a list: its representative version's metadata.
 *
 * @param copyOf {@code namespace/name} of the brick of another namespace this one copies, else null (left out)
 * @param score relevance when the list answers a text query, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BrickSummary(String id, String namespace, String name, String latestVersion, String kind, String origin,
                           String baseModel, String description, List<String> tags, List<String> labels,
                           long downloads, String copyOf, Instant updatedAt, boolean yanked, Double score,
                           String url) {
}
