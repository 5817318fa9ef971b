package dev.brickyard.tools.fit;

/**
 * How far an adapter moves text it was not made for: held-out control pairs of everyday sentences.
 *
 * @param texts number of control sentences (two per pair)
 * @param meanShift mean of {@code 1 - cos(before, after)} of a sentence's embedding
 * @param maxShift the largest such shift
 * @param meanPairChange mean absolute change of the cosine similarity within a pair
 * @param maxPairChange the largest such change
 */
public record ControlEvaluation(int texts, double meanShift, double maxShift, double meanPairChange,
                                double maxPairChange) {
}
