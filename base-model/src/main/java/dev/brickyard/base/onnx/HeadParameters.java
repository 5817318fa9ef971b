package dev.brickyard.base.onnx;

import java.util.Objects;

/**
 * The parameters of a linear classification head, logits = x·W + b. The arrays are shared, not copied: treat them
 * as read-only.
 *
 * @param weights W, {@code [dim][labels]}, rectangular, at least 1×1
 * @param bias b, {@code [labels]}
 */
public record HeadParameters(float[][] weights, float[] bias) {
    public HeadParameters {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(bias, "bias");
        if (weights.length == 0 || weights[0] == null || weights[0].length == 0) {
            throw new IllegalArgumentException("a head's weights are at least 1×1");
        }
        for (int row = 0; row < weights.length; row++) {
            if (weights[row] == null || weights[row].length != weights[0].length) {
                throw new IllegalArgumentException("a head's weights are rectangular: row " + row + " has "
                        + (weights[row] == null ? "no" : weights[row].length) + " columns, row 0 has "
                        + weights[0].length);
            }
        }
        if (bias.length != weights[0].length) {
            throw new IllegalArgumentException(
                    "a head's bias has one entry per label: " + bias.length + " != " + weights[0].length);
        }
    }

    /** The input dimension: the number of rows of W. */
    public int dim() {
        return weights.length;
    }

    /** The number of labels: the columns of W and the entries of b. */
    public int labels() {
        return bias.length;
    }
}
