package dev.brickyard.dist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.brickyard.api.KnowledgeMatch;
import dev.brickyard.host.BrickAnswer;
import dev.brickyard.host.Inference;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints inferences for people (aligned, one line per brick) or as JSON for scripts. */
final class InferenceOutput {
    private InferenceOutput() {
    }

    static void print(List<Inference> inferences, boolean json, PrintWriter out) throws Exception {
        if (json) {
            List<Object> documents = new ArrayList<>();
            for (Inference inference : inferences) {
                documents.add(toJson(inference));
            }
            Object document = documents.size() == 1 ? documents.get(0) : documents;
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
            return;
        }
        for (Inference inference : inferences) {
            out.println("\"" + inference.text() + "\"");
            if (!inference.applied().isEmpty()) {
                out.println("  applied: " + inference.applied().stream().map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
            int width = inference.answers().stream().mapToInt(answer -> name(answer).length()).max().orElse(0);
            for (BrickAnswer answer : inference.answers()) {
                String indent = "  " + " ".repeat(width) + "    ";
                if (answer.failed()) {
                    out.printf(Locale.ROOT, "  %-" + width + "s  failed: %s%n", name(answer), answer.error());
                } else if (answer.classification() != null) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s  %-14s",
                            name(answer), answer.classification().label()));
                    answer.classification().byLabel().forEach((label, probability) ->
                            line.append(String.format(Locale.ROOT, "  %s %.3f", label, probability)));
                    out.println(line);
                } else if (answer.matches() != null) {
                    out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", name(answer), answer.matches().isEmpty()
                            ? "no fact close enough" : "");
                    for (KnowledgeMatch match : answer.matches()) {
                        out.printf(Locale.ROOT, "%s%.3f  %s: %s%n", indent, match.score(), match.key(),
                                match.valueText());
                    }
                }
            }
        }
        out.flush();
    }

    private static String name(BrickAnswer answer) {
        return answer.brick() + "@" + answer.version();
    }

    private static Map<String, Object> toJson(Inference inference) {
        List<Object> answers = new ArrayList<>();
        for (BrickAnswer answer : inference.answers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("brick", answer.brick().toString());
            entry.put("version", answer.version().toString());
            if (answer.failed()) {
                entry.put("error", answer.error());
            } else if (answer.classification() != null) {
                entry.put("label", answer.classification().label());
                entry.put("probabilities", answer.classification().byLabel());
            } else if (answer.matches() != null) {
                List<Object> matches = new ArrayList<>();
                for (KnowledgeMatch match : answer.matches()) {
                    Map<String, Object> fact = new LinkedHashMap<>();
                    fact.put("key", match.key());
                    fact.put("value", match.value());
                    fact.put("score", match.score());
                    matches.add(fact);
                }
                entry.put("matches", matches);
            }
            answers.add(entry);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("text", inference.text());
        document.put("answers", answers);
        return document;
    }
}
