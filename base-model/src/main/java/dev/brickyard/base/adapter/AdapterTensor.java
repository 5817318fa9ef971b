package dev.brickyard.base.adapter;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named float32 parameter of an adapter, fed by ONNX Runtime to the graph input of the same name, e.g. a LoRA
 * factor {@code lora.A} of shape {@code [in, rank]}. Values are in row-major order. A dimension may be 0 (an empty
 * tensor, such as a rank-0 LoRA factor); no dimensions at all is a scalar holding one value.
 *
 * <p>Immutable: the arrays are copied on the way in and on the way out; {@link #valueBuffer()} reads the values
 * without copying them.
 *
 * @param name the graph input the tensor feeds, not empty
 * @param dims the shape, every dimension {@code >= 0}
 * @param values {@code product(dims)} values, row-major
 */
public record AdapterTensor(String name, long[] dims, float[] values) {

    /** @throws IllegalArgumentException when the name is empty, a dimension negative or the value count wrong */
    public AdapterTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(values, "values");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an adapter tensor needs a name: the graph input it feeds");
        }
        dims = dims.clone();
        values = values.clone();
        long expected = elementCount(dims);
        if (expected != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(dims) + " needs "
                    + expected + " values, got " + values.length);
        }
    }

    /**
     * A 2-D tensor from its rows.
     *
     * @param rows {@code [rows][cols]}, every row of the same length; no rows gives shape {@code [0, 0]}
     */
    public static AdapterTensor matrix(String name, float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " of '" + name + "' has " + rows[r].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return new AdapterTensor(name, new long[] {rows.length, cols}, flat);
    }

    /**
     * How many values a tensor of this shape holds.
     *
     * @throws IllegalArgumentException when a dimension is negative or the count exceeds a Java array
     */
    static long elementCount(long[] dims) {
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("dims[" + i + "] is " + dims[i] + "; dimensions are >= 0");
            }
            count = dims[i] > Integer.MAX_VALUE ? Long.MAX_VALUE : count * dims[i];
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " holds more than "
                        + Integer.MAX_VALUE + " values");
            }
        }
        return count;
    }

    /** A copy of the shape. */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** A copy of the values, row-major. */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** The values, row-major, read-only and not copied. */
    public FloatBuffer valueBuffer() {
        return FloatBuffer.wrap(values).asReadOnlyBuffer();
    }

    /** The number of values, {@code product(dims)}. */
    public int size() {
        return values.length;
    }

    /** The first dimension of a 2-D tensor, e.g. {@code in} of a LoRA {@code A} factor {@code [in, rank]}. */
    public int rows() {
        requireMatrix();
        return (int) dims[0];
    }

    /** The second dimension of a 2-D tensor, e.g. {@code rank} of a LoRA {@code A} factor {@code [in, rank]}. */
    public int cols() {
        requireMatrix();
        return (int) dims[1];
    }

    /** The value at {@code [row, col]} of a 2-D tensor. */
    public float get(int row, int col) {
        Objects.checkIndex(row, rows());
        Objects.checkIndex(col, cols());
        return values[row * cols() + col];
    }

    private void requireMatrix() {
        if (dims.length != 2) {
            throw new IllegalStateException("tensor '" + name + "' has shape " + Arrays.toString(dims)
                    + ", not a 2-D one");
        }
    }

    /** Equal when name, shape and values are (values compared bit for bit, as {@link Arrays#equals(float[], float[])}). */
    @Override
    public boolean equals(Object other) {
        return other instanceof AdapterTensor tensor && name.equals(tensor.name) && Arrays.equals(dims, tensor.dims)
                && Arrays.equals(values, tensor.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "AdapterTensor[" + name + " " + Arrays.toString(dims) + "]";
    }
}
