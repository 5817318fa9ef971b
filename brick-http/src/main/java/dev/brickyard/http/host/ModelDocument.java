package dev.brickyard.http.host;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * OpenAI's model object, as {@code GET /v1/models} lists it and {@code GET /v1/models/{model}} answers it.
 *
 * @param id the model name to send as {@code model}, e.g. {@code all-minilm-l6-v2} or
 *           {@code all-minilm-l6-v2+acme/terms}
 * @param object always {@code model}
 * @param created a Unix time in seconds: when the host started serving
 * @param ownedBy who made it: {@code sentence-transformers} for the base model, the namespace for a brick
 */
public record ModelDocument(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
    public ModelDocument(String id, long created, String ownedBy) {
        this(id, "model", created, ownedBy);
    }
}
