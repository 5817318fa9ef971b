package dev.brickyard.tools.train;

/**
 * Temperature scaling (Guo et al., 2017): one number {@code T > 0} that divides a classifier's logits before the
 * softmax, fitted by minimising the negative log-likelihood of held-out examples. Dividing all logits by the same
 * positive number keeps their order, so no answer changes; only the probabilities grow less (T > 1) or more (T < 1)
 * confident. For a linear head, dividing its weights and bias by T does the same inside the graph.
 */
public final class TemperatureScaling {
    /** The search range of T: far wider than any head needs, and it keeps T finite on separable data. */
    static final double MIN_TEMPERATURE = 0.01;
    static final double MAX_TEMPERATURE = 100;

    private TemperatureScaling() {
    }

    /**
     * The temperature that minimises the mean negative log-likelihood of {@code labels} under
     * {@code softmax(logits / T)}. The likelihood is convex in {@code 1 / T}, so a golden-section search over
     * {@code log T} finds the minimum; it is deterministic. When every example's highest logit is its true class the
     * likelihood has no minimum (it grows as T goes to 0, every answer certain), and the examples say nothing about
     * how confident the head should be: then T is 1, no scaling.
     *
     * @param logits one row of class scores per example
     * @param labels each example's true class index
     */
    public static double fit(double[][] logits, int[] labels) {
        if (allRight(logits, labels)) {
            return 1;
        }
        double low = Math.log(MIN_TEMPERATURE);
        double high = Math.log(MAX_TEMPERATURE);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = high - ratio * (high - low);
        double b = low + ratio * (high - low);
        double lossA = negativeLogLikelihood(logits, labels, Math.exp(a));
        double lossB = negativeLogLikelihood(logits, labels, Math.exp(b));
        for (int step = 0; step < 100; step++) {
            if (lossA <= lossB) {
                high = b;
                b = a;
                lossB = lossA;
                a = high - ratio * (high - low);
                lossA = negativeLogLikelihood(logits, labels, Math.exp(a));
            } else {
                low = a;
                a = b;
                lossA = lossB;
                b = low + ratio * (high - low);
                lossB = negativeLogLikelihood(logits, labels, Math.exp(b));
            }
        }
        return Math.exp((low + high) / 2);
    }

    /** The mean negative log-likelihood of the true classes under {@code softmax(logits / temperature)}. */
    public static double negativeLogLikelihood(double[][] logits, int[] labels, double temperature) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double logit : logits[i]) {
                max = Math.max(max, logit / temperature);
            }
            double partition = 0;
            for (double logit : logits[i]) {
                partition += Math.exp(logit / temperature - max);
            }
            sum += max + Math.log(partition) - logits[i][labels[i]] / temperature;
        }
        return sum / logits.length;
    }

    /** Whether each example's true class has a higher logit than every other class. */
    private static boolean allRight(double[][] logits, int[] labels) {
        for (int i = 0; i < logits.length; i++) {
            for (int k = 0; k < logits[i].length; k++) {
                if (k != labels[i] && logits[i][k] >= logits[i][labels[i]]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Class probabilities {@code softmax(logits / temperature)}, one row per example. */
    public static double[][] probabilities(double[][] logits, double temperature) {
        double[][] probabilities = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = new double[logits[i].length];
            for (int k = 0; k < logits[i].length; k++) {
                probabilities[i][k] = logits[i][k] / temperature;
            }
            SoftmaxRegression.softmaxInPlace(probabilities[i]);
        }
        return probabilities;
    }

    /**
     * The expected calibration error of temperature scaling measured by {@code folds}-fold cross-validation: the
     * examples are dealt to folds in turn (example {@code i} to fold {@code i % folds}), each fold's probabilities
     * use a temperature fitted on the other folds only, and the error is computed over all examples at once. So the
     * figure does not reward fitting T on the very examples it is measured on.
     */
    public static double crossValidatedCalibrationError(double[][] logits, int[] labels, int folds, int bins) {
        double[][] probabilities = new double[logits.length][];
        for (int fold = 0; fold < folds; fold++) {
            int held = 0;
            for (int i = fold; i < logits.length; i += folds) {
                held++;
            }
            double[][] fitLogits = new double[logits.length - held][];
            int[] fitLabels = new int[logits.length - held];
            int next = 0;
            for (int i = 0; i < logits.length; i++) {
                if (i % folds != fold) {
                    fitLogits[next] = logits[i];
                    fitLabels[next++] = labels[i];
                }
            }
            double temperature = fit(fitLogits, fitLabels);
            for (int i = fold; i < logits.length; i += folds) {
                probabilities[i] = probabilities(new double[][] {logits[i]}, temperature)[0];
            }
        }
        return CalibrationError.expected(probabilities, labels, bins);
    }
}
