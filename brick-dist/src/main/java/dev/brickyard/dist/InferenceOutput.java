package dev.brickyard.dist;

import dev.brickyard.api.KnowledgeMatch;
import dev.brickyard.cli.host.HostInferCommand;
import dev.brickyard.host.BrickAnswer;
import dev.brickyard.host.Inference;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints inferences for people, aligned, one line per brick ({@code --json} prints the host API's object). */
final class InferenceOutput {
    private InferenceOutput() {
    }

    static void print(List<Inference> inferences, PrintWriter out) {
        for (Inference inference : inferences) {
            out.println("\"" + inference.text() + "\"");
            if (!inference.applied().isEmpty()) {
                out.println("  applied: " + inference.applied().stream().map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
            int width = inference.answers().stream().mapToInt(answer -> name(answer).length()).max().orElse(0);
            for (BrickAnswer answer : inference.answers()) {
                if (answer.failed()) {
                    out.printf(Locale.ROOT, "  %-" + width + "s  failed: %s%n", name(answer), answer.error());
                } else if (answer.classification() != null) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s  %-14s",
                            name(answer), answer.classification().label()));
                    answer.classification().byLabel().forEach((label, probability) ->
                            line.append(String.format(Locale.ROOT, "  %s %.3f", label, probability)));
                    out.println(line);
                } else if (answer.matches() != null) {
                    // as brick host infer prints a knowledge answer: key = value (as JSON) and score, one per line
                    String name = String.format(Locale.ROOT, "%-" + width + "s", name(answer));
                    if (answer.matches().isEmpty()) {
                        out.printf("  %s  no fact matched%n", name);
                    }
                    for (KnowledgeMatch match : answer.matches()) {
                        out.println(HostInferCommand.factLine(name, match.key(), match.value(), match.score()));
                        name = " ".repeat(width);
                    }
                }
            }
        }
        out.flush();
    }

    private static String name(BrickAnswer answer) {
        return answer.brick() + "@" + answer.version();
    }
}
