package dev.brickyard.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a head brick says about one input: a probability for each of its labels, in the manifest's label order.
 */
public record Classification(List<String> labels, float[] probabilities) {
    public Classification {
        labels = List.copyOf(labels);
        probabilities = probabilities.clone();
        if (labels.size() != probabilities.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + probabilities.length
                    + " probabilities");
        }
    }

    /** The most probable label. */
    public String label() {
        return labels.get(best());
    }

    /** The probability of the most probable label. */
    public float confidence() {
        return probabilities[best()];
    }

    /** Label to probability, in label order. */
    public Map<String, Float> byLabel() {
        Map<String, Float> result = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            result.put(labels.get(i), probabilities[i]);
        }
        return result;
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
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
