package dev.brickyard.http.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of {@code POST /v1/activations}: the FFN activations of the base model for one text, read before any
 * neuron mask, per requested layer.
 *
 * @param tokens the word pieces the base model read, {@code [CLS]} and {@code [SEP]} included; {@code maxToken} and
 *               the rows of {@code values} index this list
 * @param applied the adapters and neuron bricks that changed the run, as {@code ns/name@version}
 */
public record ActivationsResponse(String text, List<String> tokens, List<String> applied, List<Layer> layers) {
    /**
     * One layer.
     *
     * @param top the neurons with the highest mean activation over the tokens, highest first
     * @param values with {@code "values": true}, the whole {@code [token][neuron]} matrix; else absent
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Layer(int layer, List<Neuron> top, float[][] values) {
    }

    /**
     * One neuron of a layer.
     *
     * @param mean its activation averaged over the tokens
     * @param max its highest activation at any token
     * @param maxToken the index, in {@code tokens}, of the token where it is highest (the first on a tie)
     */
    public record Neuron(int neuron, float mean, float max, int maxToken) {
    }
}
