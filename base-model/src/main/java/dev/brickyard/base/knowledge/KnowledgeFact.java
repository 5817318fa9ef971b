package dev.brickyard.base.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One fact of a knowledge brick: the key text whose embedding finds it and the value it answers with. The value tree
 * is shared, not copied: treat it as read-only.
 *
 * @param key the key text, not blank
 * @param value a JSON string for a plain text value, or any other JSON value except null
 */
public record KnowledgeFact(String key, JsonNode value) {
    public KnowledgeFact {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isBlank()) {
            throw new IllegalArgumentException("a fact's key is not blank");
        }
        if (value.isNull() || value.isMissingNode()) {
            throw new IllegalArgumentException("a fact's value is not null");
        }
    }
}
