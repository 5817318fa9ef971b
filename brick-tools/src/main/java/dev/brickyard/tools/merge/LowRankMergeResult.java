package dev.brickyard.tools.merge;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The merged adapter and what re-compressing it cost.
 *
 * @param deltas the merged delta per site, sites in name order; a site whose merged delta is zero is absent, since an
 *     absent site means a zero delta
 * @param truncationErrors per site of {@code deltas}: ‖ΔW − A·B‖_F / ‖ΔW‖_F of the truncated SVD, from the singular
 *     values (0 when the factors were concatenated exactly or no singular value was cut)
 * @param zeroSites the sites some parent had but whose merged delta is zero (the parents cancelled, or TIES/DARE
 *     zeroed every entry)
 */
public record LowRankMergeResult(SortedMap<String, LowRankDelta> deltas, SortedMap<String, Double> truncationErrors,
        SortedSet<String> zeroSites) {
    public LowRankMergeResult {
        deltas = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(deltas, "deltas")));
        truncationErrors = Collections.unmodifiableSortedMap(
                new TreeMap<>(Objects.requireNonNull(truncationErrors, "truncationErrors")));
        zeroSites = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(zeroSites, "zeroSites")));
        if (!deltas.keySet().equals(truncationErrors.keySet())) {
            throw new IllegalArgumentException("every merged site has exactly one truncation error");
        }
        for (Map.Entry<String, LowRankDelta> entry : deltas.entrySet()) {
            if (!entry.getKey().equals(entry.getValue().site())) {
                throw new IllegalArgumentException("the delta under " + entry.getKey() + " is for site "
                        + entry.getValue().site());
            }
        }
        Set<String> both = new TreeSet<>(zeroSites);
        both.retainAll(deltas.keySet());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("sites both merged and zero: " + both);
        }
    }

    /** The largest truncation error over all sites, 0 when nothing was cut. */
    public double maxTruncationError() {
        return truncationErrors.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
