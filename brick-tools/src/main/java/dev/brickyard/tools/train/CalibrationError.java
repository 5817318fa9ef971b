package dev.brickyard.tools.train;

/**
 * Expected calibration error (ECE): how far a classifier's confidence is from its accuracy. The examples are put in
 * {@code bins} equal-width bins by the probability of their predicted class; in each bin the gap between the mean
 * confidence and the share answered correctly is weighted by the bin's share of the examples, and the gaps are summed.
 * 0 means that answers given with 80 % confidence are right 80 % of the time, and so on; a head that says 1.00 and is
 * right 75 % of the time has an ECE of 0.25.
 */
public final class CalibrationError {
    /** The number of bins the cards and metrics use. */
    public static final int DEFAULT_BINS = 10;

    private CalibrationError() {
    }

    /**
     * The expected calibration error.
     *
     * @param probabilities one row of class probabilities per example
     * @param labels each example's true class index
     * @param bins the number of equal-width confidence bins over [0, 1]; a confidence of exactly 1 falls in the last
     */
    public static double expected(double[][] probabilities, int[] labels, int bins) {
        if (probabilities.length == 0) {
            return 0;
        }
        double[] confidence = new double[bins];
        int[] correct = new int[bins];
        int[] count = new int[bins];
        for (int i = 0; i < probabilities.length; i++) {
            int predicted = 0;
            for (int k = 1; k < probabilities[i].length; k++) {
                if (probabilities[i][k] > probabilities[i][predicted]) {
                    predicted = k;
                }
            }
            double p = probabilities[i][predicted];
            int bin = Math.min(bins - 1, (int) (p * bins));
            confidence[bin] += p;
            count[bin]++;
            if (predicted == labels[i]) {
                correct[bin]++;
            }
        }
        double error = 0;
        for (int bin = 0; bin < bins; bin++) {
            if (count[bin] > 0) {
                error += Math.abs(confidence[bin] - correct[bin]) / probabilities.length;
            }
        }
        return error;
    }
}
