package dev.brickyard.registry.search;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.registry.store.BrickRecord;
import dev.brickyard.registry.store.BrickStore;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The published ids closest in spelling to an id that is not published, for the "did you mean" of a
 * {@code brick_not_found}: a mistyped {@code acme/urgncy} suggests {@code acme/urgency}, a mistyped namespace
 * ({@code acem/urgency}) the same name in the namespaces that have it. Distance is the edit distance (insertions,
 * deletions, substitutions, and swaps of two neighbouring letters) between the names; a name counts as close when
 * it is at most a third of the wanted name's length away (at least 2 edits). Ids in the wanted namespace come first,
 * then the nearer ones, then alphabetical order.
 */
public final class SimilarBrickIds {
    /** How many suggestions a 404 carries at most. */
    public static final int MAX_SUGGESTIONS = 3;

    private SimilarBrickIds() {
    }

    /** Up to {@link #MAX_SUGGESTIONS} ids published in {@code store} close to {@code wanted}, best first. */
    public static List<String> published(BrickId wanted, BrickStore store) {
        return closeTo(wanted, store.bricks().stream().map(BrickRecord::id).toList()).stream()
                .map(BrickId::toString).toList();
    }

    /** Up to {@link #MAX_SUGGESTIONS} ids from {@code published} close to {@code wanted}, best first. */
    public static List<BrickId> closeTo(BrickId wanted, Collection<BrickId> published) {
        int limit = Math.max(2, wanted.name().length() / 3);
        record Candidate(BrickId id, int distance, boolean otherNamespace) {
        }
        return published.stream()
                .filter(id -> !id.equals(wanted))
                .map(id -> new Candidate(id, distance(wanted.name(), id.name()),
                        !id.namespace().equals(wanted.namespace())))
                .filter(candidate -> candidate.distance() <= limit)
                .sorted(Comparator.comparing(Candidate::otherNamespace).thenComparingInt(Candidate::distance)
                        .thenComparing(candidate -> candidate.id().toString()))
                .limit(MAX_SUGGESTIONS)
                .map(Candidate::id)
                .toList();
    }

    /** The optimal string alignment distance: Levenshtein's, with a swap of two neighbours counting as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
