package dev.brickyard.host;

import java.util.List;

/**
 * Sentence embeddings made by {@link BrickHost#embed}.
 *
 * @param generation the brick set the adapters and neuron bricks came from
 * @param vectors one unit-length vector per text, in the order of the texts
 * @param applied the adapters and neuron bricks that changed the base model's run, at the versions that ran
 */
public record Embeddings(long generation, float[][] vectors, List<InstalledBrick> applied) {
    public Embeddings {
        applied = List.copyOf(applied);
    }
}
