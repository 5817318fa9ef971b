package dev.brickyard.tools.fit;

/**
 * What an adapter does to a set of (text, target) pairs, measured with the base model alone ("before") and with
 * the adapter active for the texts ("after"); targets are always embedded by the base model alone.
 *
 * @param pairs number of pairs
 * @param similarityBefore mean cosine similarity of a text to its target
 * @param similarityAfter the same with the adapter
 * @param recallBefore share of texts whose nearest target, among all targets, is their own
 * @param recallAfter the same with the adapter
 */
public record FitEvaluation(int pairs, double similarityBefore, double similarityAfter, double recallBefore,
                            double recallAfter) {
}
