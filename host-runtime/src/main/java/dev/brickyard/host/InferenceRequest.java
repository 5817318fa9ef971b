package dev.brickyard.host;

import dev.brickyard.api.BrickId;
import java.util.List;
import java.util.Map;

/**
 * What to answer and with which bricks.
 *
 * @param texts the inputs, embedded by the base model in one run
 * @param bricks bricks named explicitly; empty means routing (when {@code route} is given) or every installed brick
 * @param route routing settings, or null
 * @param weights weights for combining heads with the same labels; bricks not named weigh their routing score (or 1)
 * @param knowledge how many facts knowledge bricks return, and from what score
 */
public record InferenceRequest(List<String> texts, List<BrickId> bricks, Routing route, Map<BrickId, Float> weights,
                               Lookup knowledge) {
    /** Knowledge bricks' answers by default: the 3 best facts, whatever their score. */
    public static final Lookup DEFAULT_LOOKUP = new Lookup(3, -1f);

    public InferenceRequest(List<String> texts, List<BrickId> bricks, Routing route, Map<BrickId, Float> weights) {
        this(texts, bricks, route, weights, DEFAULT_LOOKUP);
    }

    public InferenceRequest {
        texts = List.copyOf(texts);
        bricks = List.copyOf(bricks);
        weights = Map.copyOf(weights);
        knowledge = knowledge == null ? DEFAULT_LOOKUP : knowledge;
        if (route != null && !bricks.isEmpty()) {
            throw new IllegalArgumentException("name bricks or route, not both");
        }
    }

    /** Every installed brick answers each text. */
    public static InferenceRequest all(List<String> texts) {
        return new InferenceRequest(texts, List.of(), null, Map.of());
    }

    /** What knowledge bricks return: at most {@code topK} facts scoring at least {@code minScore}. */
    public record Lookup(int topK, float minScore) {
        public Lookup {
            if (topK < 1) {
                throw new IllegalArgumentException("knowledge topK must be at least 1");
            }
        }
    }

    /** Routing: the {@code topK} bricks whose routing key is closest to each input, if at least {@code minScore}. */
    public record Routing(int topK, float minScore) {
        public Routing {
            if (topK < 1) {
                throw new IllegalArgumentException("topK must be at least 1");
            }
        }
    }
}
