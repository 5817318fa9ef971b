package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A brick with all its versions, the latest one's card, capabilities and metrics, and how to install it.
 *
 * @param latest the representative version: newest non-yanked release
 * @param distTags the brick's dist-tags, tag name to version, the implicit {@code latest} included when a version is
 *                 not yanked (the same map as {@code GET /v1/bricks/{ns}/{name}/tags})
 * @param copyOf {@code namespace/name} of the brick of another namespace this one copies (left out for an original)
 */
public record BrickDetail(String id, String namespace, String name, String latest,
                          Map<String, String> distTags, String kind, String origin,
                          String baseModel, String description, List<String> tags, List<String> labels,
                          long downloads, @JsonInclude(JsonInclude.Include.NON_NULL) String copyOf, Instant createdAt,
                          Instant updatedAt, List<VersionSummary> versions, List<CapabilityDocument> capabilities,
                          List<CapabilityDocument> requirements, JsonNode metrics, String card,
                          String installCommand) {
}
