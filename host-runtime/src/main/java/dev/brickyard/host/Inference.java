package dev.brickyard.host;

import dev.brickyard.host.compose.CombinedAnswer;
import dev.brickyard.host.route.RouteScore;
import java.util.List;

/**
 * The answers for one input text.
 *
 * @param generation the brick set that answered (every answer of one request comes from the same set)
 * @param routes the routing scores of the bricks chosen, best first; empty when bricks were named or all ran
 * @param answers one per brick that ran, in the order they were named or routed
 * @param combined one per group of at least two heads with the same labels: their weighted average
 * @param applied the adapters and neuron bricks that changed the base model's run for this text
 * @param embedding the text's embedding when the request asked for it, else null
 */
public record Inference(String text, long generation, List<RouteScore> routes, List<BrickAnswer> answers,
                        List<CombinedAnswer> combined, List<InstalledBrick> applied, float[] embedding) {
    public Inference {
        routes = List.copyOf(routes);
        answers = List.copyOf(answers);
        combined = List.copyOf(combined);
        applied = List.copyOf(applied);
    }
}
