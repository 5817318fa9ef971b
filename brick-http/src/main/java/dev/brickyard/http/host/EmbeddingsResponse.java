package dev.brickyard.http.host;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: OpenAI's embedding list, one entry per input in the order of the inputs.
 *
 * @param object always {@code list}
 * @param model the model that answered: the base model and the adapters and neuron bricks applied, each at the
 *              version that ran, e.g. {@code all-minilm-l6-v2+acme/terms@1.0.0}
 */
public record EmbeddingsResponse(String object, List<Embedding> data, String model, Usage usage) {
    public EmbeddingsResponse(List<Embedding> data, String model, Usage usage) {
        this("list", data, model, usage);
    }

    /**
     * One input's embedding.
     *
     * @param object always {@code embedding}
     * @param embedding the vector as an array of numbers, or as the base64 of its little-endian float32 bytes
     */
    public record Embedding(String object, int index, Object embedding) {
        public Embedding(int index, Object embedding) {
            this("embedding", index, embedding);
        }
    }

    /** Tokens the base model read for the inputs, {@code [CLS]} and {@code [SEP]} included; both fields are equal. */
    public record Usage(@JsonProperty("prompt_tokens") long promptTokens,
                        @JsonProperty("total_tokens") long totalTokens) {
    }
}
