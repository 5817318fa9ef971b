package dev.brickyard.tools.merge;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A LoRA adapter's update of one weight matrix: ΔW = A·B, with W used as y = x·W ({@code [in][out]}). The arrays are
 * shared, not copied: treat them as read-only.
 *
 * @param site the weight it updates, e.g. {@code layer.5.ffn_out}, not blank
 * @param a A, {@code [in][rank]}, rectangular, finite, at least 1×1
 * @param b B, {@code [rank][out]}, rectangular, finite, at least 1×1
 */
public record LowRankDelta(String site, float[][] a, float[][] b) {
    public LowRankDelta {
        Objects.requireNonNull(site, "site");
        if (site.isBlank()) {
            throw new IllegalArgumentException("a low-rank delta's site is not blank");
        }
        requireFiniteMatrix(a, "A", site);
        requireFiniteMatrix(b, "B", site);
        if (b.length != a[0].length) {
            throw new IllegalArgumentException("site " + site + ": A has rank " + a[0].length + " columns but B has "
                    + b.length + " rows; they must agree");
        }
    }

    /** The rank r: A's columns and B's rows. */
    public int rank() {
        return b.length;
    }

    /** The input dimension: A's rows. */
    public int in() {
        return a.length;
    }

    /** The output dimension: B's columns. */
    public int out() {
        return b[0].length;
    }

    /** ΔW = A·B, {@code [in][out]}, computed in double and rounded to float. */
    public float[][] dense() {
        double[] product = denseRowMajor();
        float[][] rows = new float[in()][out()];
        for (int row = 0; row < in(); row++) {
            for (int col = 0; col < out(); col++) {
                rows[row][col] = (float) product[row * out() + col];
            }
        }
        return rows;
    }

    /** ΔW = A·B in double, row-major {@code in×out}. */
    public double[] denseRowMajor() {
        DMatrixRMaj product = new DMatrixRMaj(in(), out());
        CommonOps_DDRM.mult(toMatrix(a), toMatrix(b), product);
        return product.data;
    }

    private static DMatrixRMaj toMatrix(float[][] rows) {
        DMatrixRMaj matrix = new DMatrixRMaj(rows.length, rows[0].length);
        for (int row = 0; row < rows.length; row++) {
            for (int col = 0; col < rows[0].length; col++) {
                matrix.set(row, col, rows[row][col]);
            }
        }
        return matrix;
    }

    private static void requireFiniteMatrix(float[][] matrix, String name, String site) {
        Objects.requireNonNull(matrix, name);
        if (matrix.length == 0 || matrix[0] == null || matrix[0].length == 0) {
            throw new IllegalArgumentException("site " + site + ": " + name + " is at least 1×1");
        }
        for (int row = 0; row < matrix.length; row++) {
            if (matrix[row] == null || matrix[row].length != matrix[0].length) {
                throw new IllegalArgumentException("site " + site + ": " + name + " is not rectangular at row " + row);
            }
            for (float value : matrix[row]) {
                if (!Float.isFinite(value)) {
                    throw new IllegalArgumentException("site " + site + ": " + name + " has a non-finite entry in row "
                            + row);
                }
            }
        }
    }
}
