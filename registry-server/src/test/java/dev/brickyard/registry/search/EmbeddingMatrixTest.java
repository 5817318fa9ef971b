package dev.brickyard.registry.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingMatrixTest {
    @Test
    void dotProductsAreBitForBitThoseOfAPlainLoop() {
        Random random = new Random(7);
        List<float[]> embeddings = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            embeddings.add(vector(random, 384));
        }
        embeddings.set(3, vector(random, 100));
        embeddings.set(4, null);
        float[] query = vector(random, 384);

        float[] dots = new EmbeddingMatrix(embeddings).dotProducts(query);

        for (int i = 0; i < embeddings.size(); i++) {
            assertEquals(plainDot(query, embeddings.get(i)), dots[i], 0f, "brick " + i);
        }
        assertEquals(0f, dots[4]);
    }

    @Test
    void floatSumsOfUnitVectorsStayWithinAMillionthOfDoubleSums() {
        Random random = new Random(11);
        List<float[]> embeddings = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            embeddings.add(unit(vector(random, 384)));
        }
        float[] query = unit(vector(random, 384));

        float[] dots = new EmbeddingMatrix(embeddings).dotProducts(query);

        for (int i = 0; i < embeddings.size(); i++) {
            double sum = 0;
            for (int d = 0; d < 384; d++) {
                sum += (double) query[d] * embeddings.get(i)[d];
            }
            assertEquals(sum, dots[i], 1e-6, "brick " + i);
        }
    }

    @Test
    void replacingOneEmbeddingAnswersAsBuildingAnew() {
        Random random = new Random(5);
        List<float[]> embeddings = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            embeddings.add(vector(random, 16));
        }
        EmbeddingMatrix original = new EmbeddingMatrix(embeddings);
        float[] query = vector(random, 16);
        float[] before = original.dotProducts(query);
        for (float[] replacement : new float[][] {vector(random, 16), vector(random, 5), null}) {
            EmbeddingMatrix patched = original.with(7, replacement);
            embeddings.set(7, replacement);
            assertArrayEquals(new EmbeddingMatrix(embeddings).dotProducts(query), patched.dotProducts(query));
        }
        assertArrayEquals(before, original.dotProducts(query), "the original is left as it was");
        assertNull(original.with(7, vector(random, 17)), "a wider embedding needs a new matrix");
    }

    @Test
    void aShorterQueryUsesTheDimensionsItHas() {
        float[] brick = {1, 2, 3};
        float[] dots = new EmbeddingMatrix(List.of(brick)).dotProducts(new float[] {1, 1});
        assertEquals(3f, dots[0]);
        assertEquals(0, new EmbeddingMatrix(List.of()).dotProducts(new float[] {1}).length);
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }

    private static float[] vector(Random random, int length) {
        float[] vector = new float[length];
        for (int i = 0; i < length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    /** The plain dot product: one float sum of float products in dimension order. */
    private static float plainDot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; b != null && i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
