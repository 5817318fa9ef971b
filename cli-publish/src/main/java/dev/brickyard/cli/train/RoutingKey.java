package dev.brickyard.cli.train;

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
}
