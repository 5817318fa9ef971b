package dev.brickyard.host.brick;

import dev.brickyard.api.Brick;

/**
 * A brick that changes the base model's own computation for the requests that name it, rather than reading the
 * embedding: a LoRA adapter ({@link LoraAdapterBrick}) or a neuron mask ({@link NeuronMaskBrick}).
 */
public sealed interface InsideBrick extends Brick permits LoraAdapterBrick, NeuronMaskBrick {
}
