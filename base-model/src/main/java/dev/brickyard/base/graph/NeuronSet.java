package dev.brickyard.base.graph;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A set of FFN neurons, {@code (layer, index)} pairs, grouped by layer with each layer's indexes sorted and
 * unique: what a neuron brick names.
 */
public record NeuronSet(SortedMap<Integer, int[]> byLayer) {
    public NeuronSet {
        TreeMap<Integer, int[]> copy = new TreeMap<>();
        for (Map.Entry<Integer, int[]> entry : byLayer.entrySet()) {
            int layer = entry.getKey();
            if (layer < 0 || layer >= LoraSite.LAYERS) {
                throw new IllegalArgumentException("layer " + layer + " is out of range: the base model has layers 0-"
                        + (LoraSite.LAYERS - 1));
            }
            int[] indexes = Arrays.stream(entry.getValue()).sorted().distinct().toArray();
            for (int index : indexes) {
                if (index < 0 || index >= ConfigurableGraph.NEURONS) {
                    throw new IllegalArgumentException("neuron " + index + " of layer " + layer
                            + " is out of range: each layer has neurons 0-" + (ConfigurableGraph.NEURONS - 1));
                }
            }
            if (indexes.length > 0) {
                copy.put(layer, indexes);
            }
        }
        byLayer = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /**
     * The neurons a neuron brick names.
     *
     * @throws IllegalArgumentException naming a layer or index the base model does not have
     */
    public static NeuronSet of(dev.brickyard.api.manifest.NeuronSelection selection) {
        SortedMap<Integer, int[]> byLayer = new TreeMap<>();
        for (Map.Entry<String, java.util.List<Integer>> layer : selection.layers().entrySet()) {
            int number;
            try {
                number = Integer.parseInt(layer.getKey());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("layer '" + layer.getKey() + "' is not a number");
            }
            byLayer.put(number, layer.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
        return new NeuronSet(byLayer);
    }

    /** Total number of neurons in the set. */
    public int size() {
        return byLayer.values().stream().mapToInt(indexes -> indexes.length).sum();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof NeuronSet set) || !set.byLayer.keySet().equals(byLayer.keySet())) {
            return false;
        }
        return byLayer.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), set.byLayer.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<Integer, int[]> entry : byLayer.entrySet()) {
            hash += entry.getKey() * 31 + Arrays.hashCode(entry.getValue());
        }
        return hash;
    }
}
