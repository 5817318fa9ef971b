package dev.brickyard.base.graph;

import java.util.List;

/**
 * The FFN activations of one input: for each layer, token and neuron, the GELU output before any neuron mask.
 *
 * @param tokens the word pieces, {@code [CLS]} and {@code [SEP]} included
 * @param values {@code [layer][token][neuron]}
 * @param embedding the input's sentence embedding from the same run
 */
public record FfnActivations(List<String> tokens, float[][][] values, float[] embedding) {
    public FfnActivations {
        tokens = List.copyOf(tokens);
    }

    /** One layer's activations averaged over the tokens: how strongly each neuron fires for the whole input. */
    public float[] meanOverTokens(int layer) {
        float[] mean = new float[ConfigurableGraph.NEURONS];
        for (float[] token : values[layer]) {
            for (int n = 0; n < mean.length; n++) {
                mean[n] += token[n] / values[layer].length;
            }
        }
        return mean;
    }
}
