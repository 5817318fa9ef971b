package dev.brickyard.registry.search;

import java.util.List;

/**
 * Every brick's embedding in one {@code float[]}, dimension-major: all bricks' first numbers, then all their second
 * numbers, and so on. Scoring a query then walks one array front to back instead of 10,000 small ones, and the
 * inner loop ({@code sums[brick] += q[d] * value}) updates independent sums rather than one chain of dependent
 * additions. Each brick's sum still adds its products in dimension order into a {@code double}, as the plain dot
 * product did, so the similarities are bit for bit the same (a test checks it).
 *
 * <p>A brick with a shorter embedding (or none) is padded with zeros: the products it lacks add nothing, as if the
 * dot product had stopped at the shorter length.
 */
final class EmbeddingMatrix {
    private final int bricks;
    private final int width;
    private final float[] values;

    EmbeddingMatrix(List<float[]> embeddings) {
        this.bricks = embeddings.size();
        this.width = embeddings.stream().mapToInt(embedding -> embedding == null ? 0 : embedding.length).max()
                .orElse(0);
        this.values = new float[Math.multiplyExact(bricks, width)];
        for (int brick = 0; brick < bricks; brick++) {
            float[] embedding = embeddings.get(brick);
            if (embedding != null) {
                for (int d = 0; d < embedding.length; d++) {
                    values[d * bricks + brick] = embedding[d];
                }
            }
        }
    }

    /** The dot product of {@code query} with every brick's embedding, over the dimensions both have. */
    double[] dotProducts(float[] query) {
        double[] sums = new double[bricks];
        int dimensions = Math.min(query.length, width);
        for (int d = 0; d < dimensions; d++) {
            float q = query[d];
            int column = d * bricks;
            for (int brick = 0; brick < bricks; brick++) {
                sums[brick] += q * values[column + brick];
            }
        }
        return sums;
    }

    /**
     * A copy with one brick's embedding replaced, or null when it does not fit the width (then build anew): a copy
     * of the array is a few milliseconds, a rebuild tens.
     */
    EmbeddingMatrix with(int brick, float[] embedding) {
        if (embedding != null && embedding.length > width) {
            return null;
        }
        float[] copy = values.clone();
        for (int d = 0; d < width; d++) {
            copy[d * bricks + brick] = embedding != null && d < embedding.length ? embedding[d] : 0;
        }
        return new EmbeddingMatrix(bricks, width, copy);
    }

    private EmbeddingMatrix(int bricks, int width, float[] values) {
        this.bricks = bricks;
        this.width = width;
        this.values = values;
    }
}
