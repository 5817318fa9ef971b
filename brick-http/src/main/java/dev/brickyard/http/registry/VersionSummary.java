package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A version in a brick's version list. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionSummary(String version, boolean yanked, String yankReason, String digest, long size,
                             Instant publishedAt, long downloads, String downloadUrl) {
}
