package dev.brickyard.registry.publish;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.registry.search.SearchIndex;
import dev.brickyard.registry.search.SearchWords;
import dev.brickyard.registry.store.BrickRecord;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.VersionRecord;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, when the first version of a new brick is published, whether the brick copies an existing brick, and
 * which. A new brick matches an existing one when a version of it has
 * <ul>
 *   <li><b>the same weights</b>: the same {@link WeightsDigest}, which ignores how the files are packed and named;
 *   or</li>
 *   <li><b>the same text</b>: its description and card (each with its own {@code namespace/name} left out) share at
 *   least {@value #SAME_TEXT} of their word 3-shingles (Jaccard similarity), so a few edited words still match. A
 *   text of fewer than {@value #MIN_SHINGLES} shingles is too short to tell a copy from a common phrase and matches
 *   nothing. The bricks compared are the {@value #CANDIDATES} closest in meaning, with an embedding of the same text
 *   at a cosine of at least {@value #CLOSE_IN_MEANING}; near-identical texts are far closer.</li>
 * </ul>
 * The original is the matching brick, or, when that brick is itself marked as a copy, the brick it copies. An
 * original in the new brick's own namespace makes no copy: a namespace may reuse its own work. Of several originals
 * the oldest is named. Only new bricks are checked: a later version never changes the mark, so an original's own
 * later versions are never copies.
 *
 * <p>This catches a brick copied whole or nearly so. Weights perturbed with noise and a rewritten card are not
 * caught; they also no longer carry the original's work unchanged.
 */
public final class CopyDetector {
    static final double SAME_TEXT = 0.9;
    static final int MIN_SHINGLES = 10;
    static final double CLOSE_IN_MEANING = 0.8;
    static final int CANDIDATES = 20;
    private static final int SHINGLE_WORDS = 3;

    private final BrickStore store;
    private final SearchIndex index;

    public CopyDetector(BrickStore store, SearchIndex index) {
        this.store = store;
        this.index = index;
    }

    /**
     * The brick that a new brick copies, or empty for an original.
     *
     * @param first the new brick's first version, not yet stored
     * @param weightsDigest its {@link WeightsDigest}, or null when it has no learnt weights
     */
    public Optional<BrickId> originalOf(VersionRecord first, String weightsDigest) {
        Set<BrickId> matches = new LinkedHashSet<>();
        if (weightsDigest != null) {
            store.bricksWithWeights(weightsDigest).forEach(brick -> matches.add(brick.id()));
        }
        Set<String> text = shingles(first);
        if (text.size() >= MIN_SHINGLES) {
            for (BrickId candidate : index.closestInMeaning(first.embedding(), CLOSE_IN_MEANING, CANDIDATES)) {
                if (!matches.contains(candidate) && store.versions(candidate).stream()
                        .anyMatch(version -> similarity(text, shingles(version)) >= SAME_TEXT)) {
                    matches.add(candidate);
                }
            }
        }
        String namespace = first.brick().namespace();
        return matches.stream().flatMap(id -> store.brick(id).stream())
                .map(brick -> brick.copyOf() == null ? brick : store.brick(brick.copyOf()).orElse(brick))
                .filter(original -> !original.id().namespace().equals(namespace))
                .min(Comparator.comparing(BrickRecord::createdAt).thenComparing(BrickRecord::id))
                .map(BrickRecord::id);
    }

    /** The word 3-shingles of a version's description and card, without the brick's own id. */
    static Set<String> shingles(VersionRecord version) {
        BrickId id = version.brick();
        Pattern ownId = Pattern.compile(Pattern.quote(id.namespace()) + "[./]" + Pattern.quote(id.name()),
                Pattern.CASE_INSENSITIVE);
        String text = ownId.matcher(version.description() + "\n" + CardText.body(version.card())).replaceAll(" ");
        List<String> words = SearchWords.of(text);
        Set<String> shingles = new HashSet<>();
        if (words.size() < SHINGLE_WORDS) {
            if (!words.isEmpty()) {
                shingles.add(String.join(" ", words));
            }
            return shingles;
        }
        for (int i = 0; i + SHINGLE_WORDS <= words.size(); i++) {
            shingles.add(String.join(" ", words.subList(i, i + SHINGLE_WORDS)));
        }
        return shingles;
    }

    /** The Jaccard similarity of two sets of shingles: shared ones over all; 0 when both are empty. */
    static double similarity(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 0;
        }
        long shared = a.stream().filter(b::contains).count();
        return (double) shared / (a.size() + b.size() - shared);
    }
}
