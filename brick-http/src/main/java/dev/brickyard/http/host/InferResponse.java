package dev.brickyard.http.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /v1/infer}: one result per text, all from one brick set ({@code generation}).
 *
 * @param bricks every brick version that answered or changed the base model's run, as {@code ns/name@version}
 */
public record InferResponse(long generation, List<String> bricks, List<Result> results) {
    /** The answers for one text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String text, List<String> applied, List<Route> routes, List<Answer> answers,
                         List<Combined> combined, float[] embedding) {
    }

    /** A routing score. */
    public record Route(String brick, float score) {
    }

    /** One brick's answer, or its error. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String brick, String version, Float routeScore, String label, Float confidence,
                         Map<String, Float> probabilities, List<Match> matches, String error) {
    }

    /** A fact a knowledge brick found: its key, its value (any JSON) and the cosine similarity. */
    public record Match(String key, com.fasterxml.jackson.databind.JsonNode value, float score) {
    }

    /** Heads over the same labels, averaged. */
    public record Combined(String label, float confidence, Map<String, Float> probabilities, List<String> bricks,
                           List<Float> weights) {
    }
}
