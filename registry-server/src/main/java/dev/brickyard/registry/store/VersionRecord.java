package dev.brickyard.registry.store;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One published version of a brick, as stored. Immutable except for the yank flag and the download count.
 *
 * @param manifest {@code brick.json} exactly as published
 * @param headers the bundle's OSGi manifest headers
 * @param embedding the base model's embedding of the description and card, for semantic search
 * @param digest {@code sha256:<hex>} of the bundle, which is also its blob address
 * @param publishedBy the id of the token that published it
 */
public record VersionRecord(BrickId brick, SemVer version, BrickKind kind, BrickOrigin origin, String baseModel,
                            String description, List<String> tags, List<String> labels, String manifest,
                            String card, Map<String, String> headers, float[] embedding, String digest, long size,
                            boolean yanked, String yankReason, long downloads, Instant publishedAt,
                            String publishedBy) {
    public VersionRecord {
        tags = List.copyOf(tags);
        labels = List.copyOf(labels);
        headers = Map.copyOf(headers);
    }

    /** The reference users write: {@code namespace/name@version}. */
    public String ref() {
        return brick + "@" + version;
    }
}
