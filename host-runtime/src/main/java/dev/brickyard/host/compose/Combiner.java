package dev.brickyard.host.compose;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.host.BrickAnswer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Combination: heads that answer over the same set of labels (in any order) are averaged into one answer, each
 * weighted by the weight the request gives it, else by its routing score, else equally. Failed answers take no
 * part. A label space answered by a single head needs no combination and gets none.
 */
public final class Combiner {
    private Combiner() {
    }

    public static List<CombinedAnswer> combine(List<BrickAnswer> answers, Map<BrickId, Float> weights) {
        Map<List<String>, List<BrickAnswer>> groups = new LinkedHashMap<>();
        for (BrickAnswer answer : answers) {
            if (answer.classification() != null && !answer.failed()) {
                List<String> space = List.copyOf(new TreeSet<>(answer.classification().labels()));
                groups.computeIfAbsent(space, key -> new ArrayList<>()).add(answer);
            }
        }
        List<CombinedAnswer> combined = new ArrayList<>();
        for (Map.Entry<List<String>, List<BrickAnswer>> group : groups.entrySet()) {
            if (group.getValue().size() >= 2) {
                combined.add(average(group.getKey(), group.getValue(), weights));
            }
        }
        return combined;
    }

    private static CombinedAnswer average(List<String> labels, List<BrickAnswer> group, Map<BrickId, Float> given) {
        float[] raw = new float[group.size()];
        List<Map<String, Float>> distributions = new ArrayList<>();
        List<String> bricks = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            BrickAnswer answer = group.get(i);
            Float weight = given.get(answer.brick());
            raw[i] = weight != null ? weight : answer.routeScore() != null ? answer.routeScore() : 1f;
            distributions.add(answer.classification().byLabel());
            bricks.add(answer.brick() + "@" + answer.version());
        }
        float[] weights = normalise(raw);
        List<Float> shares = new ArrayList<>();
        for (float weight : weights) {
            shares.add(weight);
        }
        return new CombinedAnswer(labels, average(labels, distributions, weights), bricks, shares);
    }

    /**
     * The weighted average of probability distributions over the same labels, as probabilities in the order of
     * {@code labels}. Serves both combination across a request's heads and composite bricks, so the two cannot
     * drift apart.
     *
     * @param distributions each answer's probability by label; every one holds every label
     * @param weights one per distribution, in the same order, as {@link #normalise} returns them
     */
    public static float[] average(List<String> labels, List<Map<String, Float>> distributions, float[] weights) {
        float[] probabilities = new float[labels.size()];
        for (int i = 0; i < distributions.size(); i++) {
            Map<String, Float> byLabel = distributions.get(i);
            for (int k = 0; k < labels.size(); k++) {
                probabilities[k] += weights[i] * byLabel.get(labels.get(k));
            }
        }
        return probabilities;
    }

    /**
     * Weights scaled to sum to 1. A negative weight counts as 0, and when none is positive all count equally, so an
     * average always exists.
     */
    public static float[] normalise(float[] raw) {
        float[] weights = new float[raw.length];
        float total = 0;
        for (int i = 0; i < raw.length; i++) {
            weights[i] = Math.max(0, raw[i]);
            total += weights[i];
        }
        if (total <= 0) {
            Arrays.fill(weights, 1f);
            total = weights.length;
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= total;
        }
        return weights;
    }
}
