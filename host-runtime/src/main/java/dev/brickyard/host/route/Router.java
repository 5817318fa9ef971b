package dev.brickyard.host.route;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.version.BrickId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Content-based routing: scores an input's embedding against every brick's routing key (a unit vector in the base
 * model's space, stored in the brick's manifest) and picks the best. The keys sit in one row-major matrix, so
 * scoring 1,000 bricks is one pass over 1,000 x 384 floats.
 */
public final class Router {
    private final List<BrickId> ids = new ArrayList<>();
    private final float[] keys;
    private final int dim;

    /** Bricks without a routing key of the right width are never routed to (they can still be named). */
    public Router(List<BrickManifest> manifests) {
        int width = manifests.stream().mapToInt(m -> m.routingKey().length).max().orElse(0);
        List<float[]> rows = new ArrayList<>();
        for (BrickManifest manifest : manifests) {
            float[] key = manifest.routingKey();
            if (key.length == width && width > 0) {
                ids.add(manifest.brickId());
                rows.add(normalised(key));
            }
        }
        this.dim = width;
        this.keys = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, keys, i * width, width);
        }
    }

    /** Every routable brick's score for an input, in brick order. */
    public List<RouteScore> scores(float[] embedding) {
        List<RouteScore> scores = new ArrayList<>(ids.size());
        if (embedding.length != dim) {
            return scores;
        }
        for (int row = 0; row < ids.size(); row++) {
            scores.add(new RouteScore(ids.get(row), dot(embedding, row * dim)));
        }
        return scores;
    }

    /** The {@code topK} best bricks scoring at least {@code minScore}, best first (ties by id). */
    public List<RouteScore> top(float[] embedding, int topK, float minScore) {
        Comparator<RouteScore> worstFirst = Comparator.comparingDouble(RouteScore::score)
                .thenComparing(RouteScore::brick, Comparator.reverseOrder());
        PriorityQueue<RouteScore> best = new PriorityQueue<>(worstFirst);
        if (embedding.length == dim && topK > 0) {
            for (int row = 0; row < ids.size(); row++) {
                float score = dot(embedding, row * dim);
                if (score < minScore) {
                    continue;
                }
                RouteScore candidate = new RouteScore(ids.get(row), score);
                if (best.size() < topK) {
                    best.add(candidate);
                } else if (worstFirst.compare(candidate, best.peek()) > 0) {
                    best.poll();
                    best.add(candidate);
                }
            }
        }
        List<RouteScore> ordered = new ArrayList<>(best);
        ordered.sort(worstFirst.reversed());
        return ordered;
    }

    /** Four independent sums: the JIT keeps them in registers, about twice as fast as one chain. */
    private float dot(float[] embedding, int offset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < dim; i += 4) {
            s0 += embedding[i] * keys[offset + i];
            s1 += embedding[i + 1] * keys[offset + i + 1];
            s2 += embedding[i + 2] * keys[offset + i + 2];
            s3 += embedding[i + 3] * keys[offset + i + 3];
        }
        for (; i < dim; i++) {
            s0 += embedding[i] * keys[offset + i];
        }
        return s0 + s1 + s2 + s3;
    }

    private static float[] normalised(float[] key) {
        double norm = 0;
        for (float value : key) {
            norm += value * value;
        }
        float[] unit = key.clone();
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < unit.length; i++) {
                unit[i] *= scale;
            }
        }
        return unit;
    }
}
