package dev.brickyard.host;

import dev.brickyard.base.graph.FfnActivations;
import java.util.List;

/**
 * The FFN activations of one text, read by {@link BrickHost#activations}, and the bricks that changed the base
 * model's run for it.
 *
 * @param activations the activations of every layer (before any neuron mask), the word pieces and the embedding
 * @param applied the adapters and neuron bricks that were applied, at the versions installed for the read
 */
public record ActivationReading(FfnActivations activations, List<InstalledBrick> applied) {
    public ActivationReading {
        applied = List.copyOf(applied);
    }
}
