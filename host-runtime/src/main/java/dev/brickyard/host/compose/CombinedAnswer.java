package dev.brickyard.host.compose;

import java.util.List;

/**
 * The weighted average of several heads that share a label space.
 *
 * @param bricks the heads combined, as {@code ns/name@version}
 * @param weights their weights, normalised to sum to 1, in the same order
 */
public record CombinedAnswer(List<String> labels, float[] probabilities, List<String> bricks, List<Float> weights) {
    public CombinedAnswer {
        labels = List.copyOf(labels);
        probabilities = probabilities.clone();
        bricks = List.copyOf(bricks);
        weights = List.copyOf(weights);
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** The most probable label of the combination. */
    public String label() {
        return labels.get(best());
    }

    public float confidence() {
        return probabilities[best()];
    }

    private int best() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }
}
