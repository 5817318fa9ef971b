package dev.brickyard.tools.card;

import java.util.List;

/** The routing key a trainer writes: where in embedding space the inputs a brick is for live. */
public final class RoutingKey {
    private RoutingKey() {
    }

    /**
     * The normalised mean of the embeddings; empty (take part in routing only when named) in the unlikely case that
     * they cancel out and the mean has no direction.
     */
    public static float[] centroid(float[][] embeddings) {
        float[] sum = new float[embeddings[0].length];
        for (float[] row : embeddings) {
            for (int d = 0; d < sum.length; d++) {
                sum[d] += row[d];
            }
        }
        double norm = 0;
        for (float value : sum) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 1e-6)) {
            return new float[0];
        }
        for (int d = 0; d < sum.length; d++) {
            sum[d] = (float) (sum[d] / norm);
        }
        return sum;
    }

    /**
     * The normalised weighted mean of brick routing keys, over those that have one and weigh more than zero (a
     * composite's or a merged brick's key); empty (take part in routing only when named) when none does or they
     * cancel out.
     *
     * @param keys one per brick, empty for a brick without a key
     * @param weights one per brick
     */
    public static float[] weightedMean(List<float[]> keys, double[] weights) {
        double[] sum = null;
        for (int i = 0; i < keys.size(); i++) {
            float[] key = keys.get(i);
            if (key.length == 0 || !(weights[i] > 0)) {
                continue;
            }
            sum = sum == null ? new double[key.length] : sum;
            for (int d = 0; d < key.length; d++) {
                sum[d] += weights[i] * key[d];
            }
        }
        double norm = 0;
        for (int d = 0; sum != null && d < sum.length; d++) {
            norm += sum[d] * sum[d];
        }
        norm = Math.sqrt(norm);
        if (!(norm > 1e-6)) {
            return new float[0];
        }
        float[] key = new float[sum.length];
        for (int d = 0; d < key.length; d++) {
            key[d] = (float) (sum[d] / norm);
        }
        return key;
    }
}
