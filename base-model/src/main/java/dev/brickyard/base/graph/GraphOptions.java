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
    /** The LoRA site kinds a host offers unless told otherwise: every weight matrix of every layer. */
    public static final List<LoraSite.Kind> DEFAULT_SITE_KINDS = List.of(LoraSite.Kind.values());

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

    /** Every site, masks and activation outputs: what a host runs by default. */
    public static GraphOptions full() {
        return new GraphOptions(Set.copyOf(LoraSite.all(DEFAULT_SITE_KINDS)), true, true);
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
