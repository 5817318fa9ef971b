package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version with everything published in it.
 *
 * @param signer the key that signed the bundle; absent for an unsigned version
 * @param provenance the summary of the bundle's provenance statement; absent when it carries none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionDetail(String id, String version, String kind, String origin, String baseModel,
                            String description, List<String> tags, List<String> labels, boolean yanked,
                            String yankReason, String digest, long size, Instant publishedAt, long downloads,
                            String downloadUrl, JsonNode manifest, String card, Map<String, String> headers,
                            List<CapabilityDocument> capabilities, List<CapabilityDocument> requirements,
                            SignerDocument signer, ProvenanceDocument provenance) {
}
