package dev.brickyard.base.graph;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the configurable base graph offers: the LoRA sites adapters may use, per-run neuron masks on the FFN
 * activations, and the activations as extra outputs.
 *
 * @param loraSites the MatMuls that get a LoRA path; adapters for other sites are refused
 * @param neuronMasks whether each FFN activation is multiplied by a per-run, per-row mask (needed by neuron bricks)
 * @param activationOutputs whether the FFN activations (before the mask) can be read as outputs
 * @param captures names of other float tensors of the base graph to expose as outputs under their own names (for
 *                 fitting adapters, which needs layer norms' inputs and hidden states)
 */
public record GraphOptions(Set<LoraSite> loraSites, boolean neuronMasks, boolean activationOutputs,
                           Set<String> captures) {
    /**
     * The LoRA site kinds a host offers unless told otherwise: the FFN output matrix of every layer, where
     * {@code brick fit adapter} puts its deltas. Each site costs its run a little even when no adapter uses it (two
     * MatMuls of rank 0 and an Add: measured about 0.3 % of a batch-1 run per site on this model, see
     * docs/benchmarks.md), so a host offers the sites its adapters need: {@code --lora-sites all} gives all 36.
     */
    public static final List<LoraSite.Kind> DEFAULT_SITE_KINDS = List.of(LoraSite.Kind.FFN_OUT);

    public GraphOptions {
        loraSites = Set.copyOf(new TreeSet<>(loraSites));
        captures = Set.copyOf(captures);
    }

    /** Options exposing no extra tensors. */
    public GraphOptions(Set<LoraSite> loraSites, boolean neuronMasks, boolean activationOutputs) {
        this(loraSites, neuronMasks, activationOutputs, Set.of());
    }

    /** The original graph, untouched. */
    public static GraphOptions original() {
        return new GraphOptions(Set.of(), false, false);
    }

    /** What a host runs by default: LoRA sites of the {@link #DEFAULT_SITE_KINDS}, masks and activation outputs. */
    public static GraphOptions serving() {
        return new GraphOptions(Set.copyOf(LoraSite.all(DEFAULT_SITE_KINDS)), true, true);
    }

    /** Every LoRA site (each weight matrix of every layer), masks and activation outputs. */
    public static GraphOptions full() {
        return new GraphOptions(Set.copyOf(LoraSite.all(List.of(LoraSite.Kind.values()))), true, true);
    }

    /** Whether this is the original graph. */
    public boolean isOriginal() {
        return loraSites.isEmpty() && !neuronMasks && !activationOutputs && captures.isEmpty();
    }

    /** The sites in layer order. */
    public List<LoraSite> sortedSites() {
        return List.copyOf(new TreeSet<>(loraSites));
    }
}
