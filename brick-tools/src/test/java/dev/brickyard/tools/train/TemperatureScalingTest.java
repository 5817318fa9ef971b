package dev.brickyard.tools.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TemperatureScalingTest {
    /**
     * Two classes, logits (2 ln 3, 0) on every example, and class 0 right on 3 of 4: the best probability for class 0
     * is 3/4 = sigmoid(ln 3), which {@code softmax(logits / T)} gives at T = 2 exactly.
     */
    @Test
    void fitsTheTemperatureWhoseProbabilitiesMatchTheObservedFrequencies() {
        double z = 2 * Math.log(3);
        double[][] logits = {{z, 0}, {z, 0}, {z, 0}, {z, 0}};
        int[] labels = {0, 0, 0, 1};
        double temperature = TemperatureScaling.fit(logits, labels);
        assertEquals(2.0, temperature, 1e-6);
        assertEquals(0.75, TemperatureScaling.probabilities(logits, temperature)[0][0], 1e-6);
    }

    /** Right 3 times of 4 at confidence sigmoid(ln 3 / 2) = 0.63: sharpened to 0.75 with T = 1/2. */
    @Test
    void anUnderconfidentModelIsSharpenedWithATemperatureBelowOne() {
        double z = Math.log(3) / 2;
        double[][] logits = {{z, 0}, {z, 0}, {z, 0}, {z, 0}};
        assertEquals(0.5, TemperatureScaling.fit(logits, new int[] {0, 0, 0, 1}), 1e-6);
    }

    /** Ten of ten right: the likelihood alone would push T to 0 and every answer to 1.00; T stays 1. */
    @Test
    void aHeadThatGetsEveryExampleRightIsLeftAsItIs() {
        double[][] logits = new double[10][];
        for (int i = 0; i < 10; i++) {
            logits[i] = new double[] {1, 0};
        }
        assertEquals(1.0, TemperatureScaling.fit(logits, new int[10]));
    }

    @Test
    void scalingTheLogitsNeverChangesTheAnswer() {
        double[][] logits = {{3.0, -1.0, 0.5}, {-2.0, 4.0, 1.0}, {0.1, 0.2, 0.3}};
        for (double temperature : new double[] {0.3, 1, 2.5, 40}) {
            double[][] probabilities = TemperatureScaling.probabilities(logits, temperature);
            assertEquals(0, argmax(probabilities[0]));
            assertEquals(1, argmax(probabilities[1]));
            assertEquals(2, argmax(probabilities[2]));
        }
    }

    @Test
    void aHeadDividedByTheTemperatureGivesTheScaledProbabilities() {
        SoftmaxRegression.Model model = new SoftmaxRegression.Model(new float[][] {{2f, -1f}, {0.5f, 1.5f}},
                new float[] {0.25f, -0.25f});
        float[] x = {0.6f, -0.8f};
        double[] expected = TemperatureScaling.probabilities(new double[][] {model.logits(x)}, 4)[0];
        assertArrayEquals(expected, model.withTemperature(4).probabilities(x), 1e-6);
        assertEquals(model.predict(x), model.withTemperature(4).predict(x));
    }

    @Test
    void crossValidationMeasuresTheErrorLeftAfterScalingOnFoldsTheTemperatureDidNotSee() {
        // 100 examples: confidence 0.95 at T = 1 for the predicted class, right 70 % of the time in each fold (fold f
        // holds examples f, f + 5, ...; every run of 50 has 35 of class 0).
        double z = Math.log(19);
        double[][] logits = new double[100][];
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            logits[i] = new double[] {z, 0};
            labels[i] = (i / 5) % 10 < 7 ? 0 : 1;
        }
        double before = CalibrationError.expected(TemperatureScaling.probabilities(logits, 1), labels, 10);
        double after = TemperatureScaling.crossValidatedCalibrationError(logits, labels, 5, 10);
        assertEquals(0.25, before, 1e-9);
        assertTrue(after < 0.01, "after " + after);
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }
}
