package dev.brickyard.host;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.graph.FfnActivations;
import java.util.List;

/**
 * Reads the base model's FFN activations for one text with adapters and neuron bricks of one {@link BrickSet}
 * applied: for looking inside the model rather than answering with it. Activations are read before the neuron
 * masks, so a mask shows in later layers only.
 */
final class ActivationReader {
    private final BaseModel baseModel;

    ActivationReader(BaseModel baseModel) {
        this.baseModel = baseModel;
    }

    /**
     * The activations with the named bricks applied.
     *
     * @throws dev.brickyard.api.BrickNotFoundException when a named brick is not in the set
     * @throws IllegalArgumentException when a named brick is not an adapter or neuron brick, or two named adapters
     *                                  change the same site
     * @throws dev.brickyard.api.IncompatibleBrickException when the base graph has no activation outputs
     */
    ActivationReading read(BrickSet set, String text, List<BrickId> bricks) throws BrickException {
        List<LoadedBrick> inside = set.requireInside(bricks, "change the activations");
        ModelChanges changes = ModelChanges.ofLoaded(inside);
        FfnActivations activations = baseModel.activations(text, changes.adapters(), changes.mask());
        return new ActivationReading(activations, inside.stream().map(LoadedBrick::info).toList());
    }
}
