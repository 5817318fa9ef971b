package dev.brickyard.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One fact a knowledge brick found for an input: the fact's key text, its value as the brick stores it (a JSON
 * string for plain text, or any JSON object or array) and the cosine similarity between the input's embedding and
 * the key's, in {@code [-1, 1]}.
 */
public record KnowledgeMatch(String key, JsonNode value, float score) {
    public KnowledgeMatch {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        // JsonNode trees are mutable: a match keeps its own copy so no caller can change a brick's facts.
        value = value.deepCopy();
    }

    /** A copy of the value, which the caller may change freely. */
    @Override
    public JsonNode value() {
        return value.deepCopy();
    }

    /** The value as text: the string itself for a text value, compact JSON otherwise. */
    public String valueText() {
        return value.isTextual() ? value.textValue() : value.toString();
    }
}
