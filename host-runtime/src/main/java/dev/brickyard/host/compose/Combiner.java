package dev.brickyard.host.compose;

import dev.brickyard.api.BrickId;
import dev.brickyard.api.Classification;
import dev.brickyard.host.BrickAnswer;
import java.util.ArrayList;
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
        float total = 0;
        for (int i = 0; i < group.size(); i++) {
            BrickAnswer answer = group.get(i);
            Float weight = given.get(answer.brick());
            raw[i] = Math.max(0, weight != null ? weight : answer.routeScore() != null ? answer.routeScore() : 1f);
            total += raw[i];
        }
        if (total <= 0) {
            java.util.Arrays.fill(raw, 1f);
            total = raw.length;
        }
        float[] probabilities = new float[labels.size()];
        List<String> bricks = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            float weight = raw[i] / total;
            Classification classification = group.get(i).classification();
            Map<String, Float> byLabel = classification.byLabel();
            for (int k = 0; k < labels.size(); k++) {
                probabilities[k] += weight * byLabel.get(labels.get(k));
            }
            bricks.add(group.get(i).brick() + "@" + group.get(i).version());
            weights.add(weight);
        }
        return new CombinedAnswer(labels, probabilities, bricks, weights);
    }
}
