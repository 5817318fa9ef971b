package dev.brickyard.tools.fit;

import dev.brickyard.base.graph.LoraSite;
import java.util.List;

/**
 * How {@link AdapterFit} fits an adapter.
 *
 * @param layers the layers whose FFN output matrix ({@code layer.<n>.ffn_out}) gets a low-rank delta, fitted in
 *               this order
 * @param rank the rank of each delta
 * @param ridge the ridge penalty, relative to the mean diagonal of the activations' Gram matrix
 * @param strength the share of the gap between a text's embedding and its target's that the fit closes (0-1]
 * @param rounds fitting rounds; each re-captures the activations with the adapter so far and fits what is left
 * @param heldOutShare share of each target's pairs (and of the control pairs) kept out of the fit to evaluate it
 * @param seed seed of the held-out split
 * @param maxControlShift the stated bound: the most a held-out control text's embedding may move (1 - cosine to
 *                        its original embedding, averaged) for the fit to succeed
 * @param threads ONNX Runtime threads
 */
public record AdapterFitSettings(List<Integer> layers, int rank, double ridge, double strength, int rounds,
                                 double heldOutShare, long seed, double maxControlShift, int threads) {
    public static final List<Integer> DEFAULT_LAYERS = List.of(3, 4, 5);
    public static final int DEFAULT_RANK = 8;
    public static final double DEFAULT_RIDGE = 0.5;
    public static final double DEFAULT_STRENGTH = 1.0;
    public static final int DEFAULT_ROUNDS = 3;
    public static final double DEFAULT_HELD_OUT_SHARE = 0.25;
    public static final double DEFAULT_MAX_CONTROL_SHIFT = 0.05;

    public AdapterFitSettings {
        layers = List.copyOf(layers);
        if (layers.isEmpty() || layers.stream().distinct().count() != layers.size()) {
            throw new IllegalArgumentException("name one or more distinct layers");
        }
        for (int layer : layers) {
            if (layer < 0 || layer >= LoraSite.LAYERS) {
                throw new IllegalArgumentException("layer " + layer + " is out of range: the base model has layers 0-"
                        + (LoraSite.LAYERS - 1));
            }
        }
        if (rank < 1 || rank > 384) {
            throw new IllegalArgumentException("rank must be 1-384, not " + rank);
        }
        if (!(ridge > 0) || !Double.isFinite(ridge)) {
            throw new IllegalArgumentException("ridge must be a positive number, not " + ridge);
        }
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1], not " + strength);
        }
        if (rounds < 1 || rounds > 20) {
            throw new IllegalArgumentException("rounds must be 1-20, not " + rounds);
        }
        if (!(heldOutShare >= 0 && heldOutShare < 1)) {
            throw new IllegalArgumentException("the held-out share must be in [0, 1), not " + heldOutShare);
        }
        if (!(maxControlShift > 0 && maxControlShift <= 1)) {
            throw new IllegalArgumentException("the control bound must be in (0, 1], not " + maxControlShift);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** The defaults, fitting the given layers. */
    public static AdapterFitSettings defaults() {
        return new AdapterFitSettings(DEFAULT_LAYERS, DEFAULT_RANK, DEFAULT_RIDGE, DEFAULT_STRENGTH, DEFAULT_ROUNDS,
                DEFAULT_HELD_OUT_SHARE, 0, DEFAULT_MAX_CONTROL_SHIFT, Runtime.getRuntime().availableProcessors());
    }

    /** The LoRA sites fitted, one per layer. */
    public List<LoraSite> sites() {
        return layers.stream().sorted().map(layer -> new LoraSite(layer, LoraSite.Kind.FFN_OUT)).toList();
    }
}
