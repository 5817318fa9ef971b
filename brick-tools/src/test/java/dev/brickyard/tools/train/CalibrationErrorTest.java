package dev.brickyard.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CalibrationErrorTest {
    @Test
    void aModelRightAsOftenAsItIsConfidentHasNoError() {
        double[][] probabilities = new double[10][];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            probabilities[i] = new double[] {0.8, 0.2};
            labels[i] = i < 8 ? 0 : 1;
        }
        assertEquals(0, CalibrationError.expected(probabilities, labels, 10), 1e-12);
    }

    @Test
    void aModelSureOfEverythingAndRightHalfTheTimeIsOffByAHalf() {
        double[][] probabilities = {{1, 0}, {1, 0}, {0, 1}, {0, 1}};
        assertEquals(0.5, CalibrationError.expected(probabilities, new int[] {0, 1, 1, 0}, 10), 1e-12);
    }

    /** Bin [0.9, 1]: confidence 0.95, all right (gap 0.05); bin [0.6, 0.7): 0.65, none right (gap 0.65); half each. */
    @Test
    void theGapsOfTheBinsAreWeightedByTheirShareOfTheExamples() {
        double[][] probabilities = {{0.95, 0.05}, {0.05, 0.95}, {0.65, 0.35}, {0.35, 0.65}};
        int[] labels = {0, 1, 1, 0};
        assertEquals(0.5 * 0.05 + 0.5 * 0.65, CalibrationError.expected(probabilities, labels, 10), 1e-12);
    }
}
