package dev.brickyard.api.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a merged brick was made ({@code brick merge}): the method, its parameters and the exact parents.
 *
 * @param method {@code linear}, {@code task-arithmetic}, {@code ties} or {@code dare}
 * @param weights one per parent, as used
 * @param density share of each parent's entries kept (ties, dare), else null
 * @param seed random seed of dare's drops, else null
 * @param rank the rank adapters were re-compressed to by SVD, or null when they were concatenated exactly
 * @param parents the bricks merged, in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MergeProvenance(String method, List<Double> weights, Double density, Long seed, Integer rank,
                              List<Parent> parents) {
    public MergeProvenance {
        weights = weights == null ? List.of() : List.copyOf(weights);
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    /** One merged brick: id, version and the SHA-256 of its archive. */
    public record Parent(String id, String version, String digest) {
    }
}
