package dev.brickyard.registry.search;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.registry.store.VersionRecord;

/**
 * One brick in a result list.
 *
 * @param latest the version that speaks for the brick (newest non-yanked release)
 * @param score relevance in [0, 1]: the blend of text and semantic scores (0 when there is no text)
 * @param textScore share of query words found in the brick's names, tags, labels and description
 * @param semanticScore cosine similarity of the query's and the brick's embeddings, clamped at 0
 * @param downloads downloads of all versions
 * @param copyOf the brick this one copies, or null for an original
 */
public record SearchHit(VersionRecord latest, double score, double textScore, double semanticScore, long downloads,
                        BrickId copyOf) {
}
