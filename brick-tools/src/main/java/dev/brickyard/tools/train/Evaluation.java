package dev.brickyard.tools.train;

import java.util.List;

/**
 * How well predictions match the truth on a held-out set: accuracy, macro-F1 and per-label precision, recall
 * and F1, computed from the confusion matrix.
 *
 * @param confusion {@code confusion[truth][predicted]} counts
 */
public record Evaluation(List<String> labels, int[][] confusion) {

    /** Compares predicted with true class indexes. */
    public static Evaluation of(List<String> labels, int[] truth, int[] predicted) {
        int[][] confusion = new int[labels.size()][labels.size()];
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
        }
        return new Evaluation(labels, confusion);
    }

    public int total() {
        int total = 0;
        for (int[] row : confusion) {
            for (int count : row) {
                total += count;
            }
        }
        return total;
    }

    public int correct() {
        int correct = 0;
        for (int k = 0; k < confusion.length; k++) {
            correct += confusion[k][k];
        }
        return correct;
    }

    public double accuracy() {
        return total() == 0 ? 0 : (double) correct() / total();
    }

    public int support(int label) {
        int support = 0;
        for (int count : confusion[label]) {
            support += count;
        }
        return support;
    }

    public double precision(int label) {
        int predicted = 0;
        for (int[] row : confusion) {
            predicted += row[label];
        }
        return predicted == 0 ? 0 : (double) confusion[label][label] / predicted;
    }

    public double recall(int label) {
        int support = support(label);
        return support == 0 ? 0 : (double) confusion[label][label] / support;
    }

    public double f1(int label) {
        double precision = precision(label);
        double recall = recall(label);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** Unweighted mean of the per-label F1 scores. */
    public double macroF1() {
        double sum = 0;
        for (int k = 0; k < labels.size(); k++) {
            sum += f1(k);
        }
        return sum / labels.size();
    }
}
