package dev.brickyard.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.output.Style;
import dev.brickyard.http.client.HostClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick host infer TEXT...}: asks a running host to answer texts, with bricks named, routed to by content,
 * or all installed ones, and prints each brick's answer and the combined answers.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Answer texts with the bricks of a running host, all from one snapshot of its bricks.",
                "Without --brick or --route every installed brick answers. Heads over the same labels are also "
                        + "combined into one answer, weighted by --weight, else by routing score, else equally."})
public final class HostInferCommand implements Callable<Integer> {
    /** The name column's entry for a combined answer. */
    private static final String COMBINED = "combined";

    @Mixin
    HostAddressOptions host;

    @Mixin
    OutputOptions output;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to answer.")
    List<String> texts;

    @Option(names = "--brick", paramLabel = "ID", description = "Only this installed brick answers; repeatable, "
            + "answers in the order named.")
    List<String> bricks = new ArrayList<>();

    @Option(names = "--route", description = "Let the host pick, per text, the bricks whose routing key is closest "
            + "to it.")
    boolean route;

    @Option(names = "--top-k", paramLabel = "N", description = "With --route: at most N bricks per text "
            + "(default: the host's, 3). Implies --route.")
    Integer topK;

    @Option(names = "--min-score", paramLabel = "SCORE", description = "With --route: only bricks whose routing "
            + "score (cosine, -1 to 1) is at least SCORE (default: the host's, 0.22; -1 for the closest bricks "
            + "whatever their score). Implies --route.")
    Float minScore;

    @Option(names = "--weight", paramLabel = "ID=W", description = "Weight of a brick's answer in the combined "
            + "answer; repeatable.")
    Map<String, Float> weights;

    @Option(names = "--facts", paramLabel = "N", description = "Knowledge bricks return at most N facts per text "
            + "(default: the host's, 3).")
    Integer facts;

    @Option(names = "--min-fact-score", paramLabel = "SCORE", description = "Knowledge bricks return only facts "
            + "whose similarity (cosine, -1 to 1) is at least SCORE (default: all).")
    Float minFactScore;

    @Override
    public Integer call() throws Exception {
        boolean routed = route || topK != null || minScore != null;
        HostClient.InferRequest request = new HostClient.InferRequest(texts, bricks.isEmpty() ? null : bricks,
                routed ? new HostClient.InferRequest.Route(topK, minScore) : null,
                weights == null || weights.isEmpty() ? null : weights,
                facts == null && minFactScore == null ? null
                        : new HostClient.InferRequest.Knowledge(facts, minFactScore));
        JsonNode answer = host.client(output).infer(request);
        if (output.json()) {
            output.printJson(answer);
            return 0;
        }
        for (JsonNode result : answer.path("results")) {
            print(result, routed);
        }
        return 0;
    }

    /**
     * The text, the adapters and neuron bricks applied if any, then one aligned line per answering head (label, confidence, routing score), per fact a knowledge
     * brick found (key, value, score), per failed brick (its error) and per combined answer.
     */
    private void print(JsonNode result, boolean routed) {
        output.result("%s", "\"" + result.path("text").asText() + "\"");
        if (!result.path("applied").isEmpty()) {
            List<String> applied = new ArrayList<>();
            result.path("applied").forEach(brick -> applied.add(brick.asText()));
            output.result("  applied: %s", String.join(", ", applied));
        }
        List<JsonNode> answers = new ArrayList<>();
        result.path("answers").forEach(answers::add);
        List<JsonNode> combined = new ArrayList<>();
        result.path("combined").forEach(combined::add);
        if (answers.isEmpty()) {
            output.result("  %s", routed ? "no brick answered: none scored at least the minimum routing score"
                    : "no brick answered: none is installed");
            return;
        }
        int nameWidth = Math.max(COMBINED.length(), answers.stream().mapToInt(a -> name(a).length()).max()
                .orElse(0));
        int labelWidth = IntStream.concat(answers.stream().mapToInt(a -> a.path("label").asText().length()),
                combined.stream().mapToInt(c -> c.path("label").asText().length())).max().orElse(0);
        for (JsonNode answer : answers) {
            String name = pad(name(answer), nameWidth);
            if (answer.hasNonNull("error")) {
                output.result("  %s  %s", name, output.styled("error: " + answer.path("error").asText(), Style.RED));
            } else if (answer.has("matches")) {
                if (answer.path("matches").isEmpty()) {
                    output.result("  %s  %s", name, "no fact matched");
                }
                for (JsonNode match : answer.path("matches")) {
                    output.result("%s", factLine(name, match.path("key").asText(), match.path("value"),
                            match.path("score").floatValue()));
                    name = pad("", nameWidth);
                }
            } else {
                output.result("%s", String.format(Locale.ROOT, "  %s  %s  %.3f%s", name,
                        pad(answer.path("label").asText(), labelWidth), answer.path("confidence").floatValue(),
                        answer.hasNonNull("routeScore") ? String.format(Locale.ROOT, "  route %.3f",
                                answer.path("routeScore").floatValue()) : ""));
            }
        }
        for (JsonNode group : combined) {
            JsonNode weightsUsed = group.path("weights");
            List<String> from = new ArrayList<>();
            for (int i = 0; i < group.path("bricks").size(); i++) {
                from.add(String.format(Locale.ROOT, "%s %.2f", group.path("bricks").get(i).asText(),
                        weightsUsed.path(i).floatValue()));
            }
            output.result("%s", String.format(Locale.ROOT, "  %s  %s  %.3f  (%s)", pad(COMBINED, nameWidth),
                    pad(group.path("label").asText(), labelWidth), group.path("confidence").floatValue(),
                    String.join(" + ", from)));
        }
    }

    /**
     * One fact of a knowledge answer as people read it, here and in {@code brick infer}: the brick (or blanks under
     * its first line), {@code key = value} with the value as JSON, and the score.
     */
    public static String factLine(String paddedBrick, String key, JsonNode value, float score) {
        return String.format(Locale.ROOT, "  %s  %s = %s  %.3f", paddedBrick, key, value, score);
    }

    private static String name(JsonNode answer) {
        return answer.path("brick").asText() + "@" + answer.path("version").asText();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
