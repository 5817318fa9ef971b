package dev.brickyard.base.graph;

import java.util.Arrays;

/**
 * Per-layer multipliers for the FFN activations of one input: 1 keeps a neuron, 0 silences it. Layers without a
 * mask keep every neuron. Immutable.
 */
public final class NeuronMask {
    /** Keeps every neuron. */
    public static final NeuronMask NONE = new NeuronMask(new float[LoraSite.LAYERS][]);

    private final float[][] layers;

    private NeuronMask(float[][] layers) {
        this.layers = layers;
    }

    /** Silences the given neurons of the given layers. */
    public static NeuronMask ablate(NeuronSet neurons) {
        float[][] layers = new float[LoraSite.LAYERS][];
        neurons.byLayer().forEach((layer, indexes) -> {
            float[] mask = ones();
            for (int index : indexes) {
                mask[index] = 0f;
            }
            layers[layer] = mask;
        });
        return new NeuronMask(layers);
    }

    /** Silences every neuron of the given layers except the given ones; other layers are untouched. */
    public static NeuronMask keepOnly(NeuronSet neurons) {
        float[][] layers = new float[LoraSite.LAYERS][];
        neurons.byLayer().forEach((layer, indexes) -> {
            float[] mask = new float[ConfigurableGraph.NEURONS];
            for (int index : indexes) {
                mask[index] = 1f;
            }
            layers[layer] = mask;
        });
        return new NeuronMask(layers);
    }

    /** The mask a neuron brick applies. */
    public static NeuronMask of(dev.brickyard.api.manifest.NeuronSelection selection) {
        NeuronSet neurons = NeuronSet.of(selection);
        return selection.mode() == dev.brickyard.api.manifest.NeuronSelection.Mode.KEEP_ONLY ? keepOnly(neurons)
                : ablate(neurons);
    }

    /** Both masks at once (element-wise product): a neuron survives only if both keep it. */
    public NeuronMask and(NeuronMask other) {
        if (other == NONE || other == this) {
            return this;
        }
        if (this == NONE) {
            return other;
        }
        float[][] combined = new float[LoraSite.LAYERS][];
        for (int layer = 0; layer < LoraSite.LAYERS; layer++) {
            float[] mine = layers[layer];
            float[] theirs = other.layers[layer];
            if (mine == null || theirs == null) {
                combined[layer] = mine == null ? theirs : mine;
            } else {
                combined[layer] = new float[ConfigurableGraph.NEURONS];
                for (int i = 0; i < combined[layer].length; i++) {
                    combined[layer][i] = mine[i] * theirs[i];
                }
            }
        }
        return new NeuronMask(combined);
    }

    /** Whether this mask keeps every neuron. */
    public boolean isEmpty() {
        for (float[] layer : layers) {
            if (layer != null) {
                return false;
            }
        }
        return true;
    }

    /** Whether this mask touches the layer at all (a layer without a mask keeps every neuron). */
    public boolean masks(int layer) {
        return layers[layer] != null;
    }

    /** Number of neurons silenced, over all layers. */
    public int silenced() {
        int count = 0;
        for (float[] layer : layers) {
            if (layer != null) {
                for (float value : layer) {
                    count += value == 0f ? 1 : 0;
                }
            }
        }
        return count;
    }

    /** Writes this mask's row for one layer into {@code target} at {@code offset} (ones for an unmasked layer). */
    public void copyLayer(int layer, float[] target, int offset) {
        float[] mask = layers[layer];
        if (mask == null) {
            Arrays.fill(target, offset, offset + ConfigurableGraph.NEURONS, 1f);
        } else {
            System.arraycopy(mask, 0, target, offset, mask.length);
        }
    }

    private static float[] ones() {
        float[] mask = new float[ConfigurableGraph.NEURONS];
        Arrays.fill(mask, 1f);
        return mask;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NeuronMask mask && Arrays.deepEquals(layers, mask.layers);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(layers);
    }
}
