package dev.brickyard.api;

import dev.brickyard.api.kind.BrickKind;
import java.util.List;

/**
 * A brick of kind {@link BrickKind#KNOWLEDGE}: a key/value memory. Its keys are embeddings of the facts' key texts;
 * an input finds the facts whose keys are most similar to its own embedding.
 */
public interface KnowledgeBrick extends Brick {

    /**
     * Finds the best facts for each of a batch of pooled, normalised embeddings.
     *
     * @param embeddings one row per input, each as wide as the base model's embedding
     * @param topK most matches per input, at least 1
     * @param minScore matches scoring below this cosine similarity are left out
     * @return per input, in the same order, its matches best first (ties in the facts' order); empty when no fact
     *         scores {@code minScore} or more
     * @throws BrickExecutionException when the weights fail to run
     * @throws IllegalArgumentException when {@code topK} is less than 1
     */
    List<List<KnowledgeMatch>> lookup(float[][] embeddings, int topK, float minScore) throws BrickExecutionException;

    /** How many facts the brick holds. */
    int facts();
}
