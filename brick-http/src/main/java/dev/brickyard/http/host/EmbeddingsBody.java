package dev.brickyard.http.host;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/embeddings}, OpenAI's "create embeddings" request.
 *
 * @param input a string or an array of strings, kept as JSON: OpenAI also allows token arrays, which the host reads
 *              only to refuse them with a clear message
 * @param model the base model, or the base model with adapters and neuron bricks, e.g.
 *              {@code all-minilm-l6-v2+acme/terms}
 * @param encodingFormat {@code float} (the default) or {@code base64}
 * @param dimensions absent, or the base model's own dimension
 * @param user OpenAI's end-user id; read and ignored
 */
public record EmbeddingsBody(JsonNode input, String model, @JsonProperty("encoding_format") String encodingFormat,
                             Integer dimensions, String user) {
}
