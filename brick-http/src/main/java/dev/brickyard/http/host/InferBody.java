package dev.brickyard.http.host;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/infer}: {@code text} or {@code texts}; optionally {@code bricks} to name them (adapters
 * and neuron bricks named change the base model's run), or {@code route} to pick answering bricks by content;
 * {@code weights} for combining heads; {@code knowledge} for how many facts knowledge bricks return;
 * {@code embedding: true} to get each text's embedding back.
 */
public record InferBody(String text, List<String> texts, List<String> bricks, Route route, Map<String, Float> weights,
                        Knowledge knowledge, Boolean embedding) {
    /** {@code {"topK": 3, "minScore": 0.4}}: what knowledge bricks return. */
    public record Knowledge(Integer topK, Float minScore) {
    }

    /** {@code {"topK": 3, "minScore": 0.3}}. */
    public record Route(Integer topK, Float minScore) {
    }
}
