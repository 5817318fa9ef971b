package dev.brickyard.base.knowledge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A knowledge brick's values file ({@code brick/values.jsonl}, the second file of {@code $.weights}): UTF-8 JSON
 * Lines, line {@code i} holding fact {@code i}, whose key is row {@code i} of the key graph:
 * <pre>
 * {"key":"When are you open on Sundays?","value":"10:00 to 16:00"}
 * {"key":"Return policy","value":{"days":30,"receipt":true}}
 * </pre>
 * Each line is one JSON object with exactly the fields {@code key} (a non-blank string) and {@code value} (any JSON
 * value but null); keys do not repeat; lines end with {@code \n} (a final one is optional, a {@code \r} before it is
 * dropped); there are no blank lines. {@code docs/brick-format.md} §6.2 is the normative description.
 */
public final class ValuesFile {
    /** Line problems reported before the rest are only counted. */
    private static final int REPORTED_PROBLEMS = 10;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ValuesFile() {
    }

    /** The facts as a values file, one compact JSON object per line, each line ending in {@code \n}. */
    public static byte[] write(List<KnowledgeFact> facts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (KnowledgeFact fact : facts) {
            ObjectNode line = JSON.createObjectNode();
            line.put("key", fact.key());
            line.set("value", fact.value());
            try {
                out.write(JSON.writeValueAsBytes(line));
            } catch (IOException e) {
                throw new IllegalStateException("a tree of texts and JSON values always serialises", e);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * Reads and checks a values file, reporting every broken line (the first ten, then how many more).
     *
     * @param entry names the file in violations, e.g. {@code brick/values.jsonl}
     * @param maxFacts most lines the file may have; more is refused before any line is parsed
     * @param maxFactBytes most bytes one line may have, its line end not counted
     * @throws MalformedBrickException with one violation per problem, each at {@code entry}
     */
    public static List<KnowledgeFact> read(byte[] bytes, String entry, int maxFacts, int maxFactBytes)
            throws MalformedBrickException {
        List<byte[]> lines = lines(bytes);
        if (lines.size() > maxFacts) {
            throw new MalformedBrickException(entry + " breaks the knowledge format", List.of(new Violation(entry,
                    "holds " + lines.size() + " lines, more than the limit of " + maxFacts + " facts")));
        }
        List<KnowledgeFact> facts = new ArrayList<>(lines.size());
        List<Violation> violations = new ArrayList<>();
        int problems = 0;
        Map<String, Integer> firstLineOfKey = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String problem;
            try {
                KnowledgeFact fact = fact(lines.get(i), maxFactBytes);
                Integer earlier = firstLineOfKey.putIfAbsent(fact.key(), number);
                problem = earlier == null ? null : "key '" + abbreviate(fact.key()) + "' repeats line " + earlier;
                facts.add(fact);
            } catch (LineException e) {
                problem = e.getMessage();
            }
            if (problem != null && ++problems <= REPORTED_PROBLEMS) {
                violations.add(new Violation(entry, "line " + number + ": " + problem));
            }
        }
        if (problems > REPORTED_PROBLEMS) {
            violations.add(new Violation(entry, "... and " + (problems - REPORTED_PROBLEMS) + " more broken lines"));
        }
        if (!violations.isEmpty()) {
            throw new MalformedBrickException(entry + " breaks the knowledge format", violations);
        }
        return facts;
    }

    /** A line that is not a fact; its message says why. */
    private static final class LineException extends Exception {
        private static final long serialVersionUID = 1L;

        LineException(String message) {
            super(message, null, false, false);
        }
    }

    private static KnowledgeFact fact(byte[] line, int maxFactBytes) throws LineException {
        if (line.length > maxFactBytes) {
            throw new LineException("is " + line.length + " bytes, more than the limit of " + maxFactBytes);
        }
        if (line.length == 0) {
            throw new LineException("is blank; every line is one fact, {\"key\": ..., \"value\": ...}");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw new LineException("is not UTF-8 text");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LineException("is not one JSON value: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new LineException("is not a JSON object {\"key\": ..., \"value\": ...}");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("key") && !name.equals("value")) {
                throw new LineException("has the unknown field '" + abbreviate(name) + "' (known: key, value)");
            }
        }
        JsonNode key = tree.get("key");
        if (key == null || !key.isTextual() || key.textValue().isBlank()) {
            throw new LineException("\"key\" must be a non-blank text");
        }
        JsonNode value = tree.get("value");
        if (value == null || value.isNull()) {
            throw new LineException("\"value\" is required: a text or any JSON value but null");
        }
        return new KnowledgeFact(key.textValue(), value);
    }

    /** Splits at {@code \n}, dropping one {@code \r} before it and the empty remainder after a final line end. */
    private static List<byte[]> lines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i == bytes.length && start == bytes.length) {
                    break;
                }
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                byte[] line = new byte[end - start];
                System.arraycopy(bytes, start, line, 0, line.length);
                lines.add(line);
                start = i + 1;
            }
        }
        return lines;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
