package dev.brickyard.host;

import dev.brickyard.api.version.BrickId;
import java.util.List;
import java.util.Map;

/**
 * What to answer and with which bricks.
 *
 * @param texts the inputs, embedded by the base model in one run
 * @param bricks bricks named explicitly. Adapters and neuron bricks among them change the base model's run for
 *               these texts; the other bricks named answer. When no answering brick is named, routing picks them
 *               (when {@code route} is given) or every installed head, knowledge and composite brick answers
 * @param route routing settings, or null; only adapters and neuron bricks may be named with it
 * @param weights weights for combining heads with the same labels; bricks not named weigh their routing score (or 1)
 * @param knowledge how many facts knowledge bricks return, and from what score
 * @param includeEmbedding whether each answer carries the text's embedding (as the adapters named made it)
 */
public record InferenceRequest(List<String> texts, List<BrickId> bricks, Routing route, Map<BrickId, Float> weights,
                               Lookup knowledge, boolean includeEmbedding) {
    /** Knowledge bricks' answers by default: the 3 best facts, whatever their score. */
    public static final Lookup DEFAULT_LOOKUP = new Lookup(3, -1f);

    public InferenceRequest(List<String> texts, List<BrickId> bricks, Routing route, Map<BrickId, Float> weights) {
        this(texts, bricks, route, weights, DEFAULT_LOOKUP, false);
    }

    public InferenceRequest {
        texts = List.copyOf(texts);
        bricks = List.copyOf(bricks);
        weights = Map.copyOf(weights);
        knowledge = knowledge == null ? DEFAULT_LOOKUP : knowledge;
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
        /** How many bricks answer a text when the caller does not say. */
        public static final int DEFAULT_TOP_K = 3;
        /**
         * The lowest routing score (cosine) that sends a text to a brick when the caller does not say. Measured by
         * brick-dist's {@code RoutingThresholdTest} on the example bricks' held-out texts against team-written
         * out-of-domain texts: the lowest score at which at most 5 % of out-of-domain texts reach a brick they are
         * not about (docs/host.md, "Routing"). Callers who want every brick pass their own, down to -1.
         */
        public static final float DEFAULT_MIN_SCORE = 0.22f;

        public Routing {
            if (topK < 1) {
                throw new IllegalArgumentException("topK must be at least 1");
            }
        }

        /** The {@code topK} closest bricks scoring at least {@link #DEFAULT_MIN_SCORE}. */
        public Routing(int topK) {
            this(topK, DEFAULT_MIN_SCORE);
        }
    }
}
