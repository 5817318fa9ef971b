package dev.brickyard.tools.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.brickyard.base.knowledge.KnowledgeFact;
import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the facts of a knowledge brick: UTF-8, one fact per line, {@code key<TAB>value}, split at the first tab and
 * both sides stripped. The value is JSON when it parses as one JSON object, array or string
 * ({@code {"open": "9-17"}}, {@code ["a", "b"]}, {@code "quoted text"}), and plain text otherwise (so {@code 42} and
 * {@code true} stay texts). Blank lines and lines starting with {@code #} are skipped. A line without a tab, an empty
 * key or value, or a key that an earlier line already has is an error naming the line: a repeated key is refused
 * rather than silently replaced, so two answers to one question never hide each other.
 */
public final class FactsTsv {
    private static final int REPORTED_PROBLEMS = 10;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FactsTsv() {
    }

    public static List<KnowledgeFact> read(Path file) throws InvalidInputException, IOException {
        List<String> lines = TsvLines.read(file);
        List<KnowledgeFact> facts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> lineOfKey = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = file.getFileName() + ":" + (i + 1) + ": ";
            int tab = line.indexOf('\t');
            String key = tab < 0 ? "" : line.substring(0, tab).strip();
            String value = tab < 0 ? "" : line.substring(tab + 1).strip();
            if (key.isEmpty() || value.isEmpty()) {
                problems.add(where + "expected 'key<TAB>value'");
                continue;
            }
            Integer earlier = lineOfKey.putIfAbsent(key, i + 1);
            if (earlier != null) {
                problems.add(where + "the key '" + key + "' is already on line " + earlier
                        + "; give each key one value");
                continue;
            }
            facts.add(new KnowledgeFact(key, value(value)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join(System.lineSeparator(),
                    problems.subList(0, Math.min(problems.size(), REPORTED_PROBLEMS)))
                    + (problems.size() > REPORTED_PROBLEMS ? System.lineSeparator() + "... and "
                    + (problems.size() - REPORTED_PROBLEMS) + " more malformed lines" : ""));
        }
        if (facts.isEmpty()) {
            throw new InvalidInputException(file + " holds no facts");
        }
        return facts;
    }

    /** JSON if the text is one JSON object, array or string; the text itself otherwise. */
    public static JsonNode value(String text) {
        char first = text.charAt(0);
        if (first == '{' || first == '[' || first == '"') {
            try {
                JsonNode parsed = JSON.readTree(text);
                if (parsed != null && (parsed.isObject() || parsed.isArray() || parsed.isTextual())) {
                    return parsed;
                }
            } catch (JsonProcessingException e) {
                // not JSON after all: the author meant the text
            }
        }
        return TextNode.valueOf(text);
    }
}
