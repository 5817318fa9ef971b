package dev.brickyard.api;

import dev.brickyard.api.kind.BrickKind;
import java.util.List;

/** A brick of kind {@link BrickKind#HEAD}: maps pooled embeddings to a probability per label. */
public interface HeadBrick extends Brick {

    /**
     * Classifies a batch of pooled, normalised embeddings.
     *
     * @param embeddings one row per input, each as wide as the base model's embedding
     * @return one classification per row, in the same order
     * @throws BrickExecutionException when the weights fail to run
     */
    List<Classification> classify(float[][] embeddings) throws BrickExecutionException;
}
