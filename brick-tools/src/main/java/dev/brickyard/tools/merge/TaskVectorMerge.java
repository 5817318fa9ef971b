package dev.brickyard.tools.merge;

import dev.brickyard.base.onnx.HeadParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Merges dense task vectors entry by entry. Parents are taken as task vectors from a zero base (θ_i = τ_i), which is
 * what a head brick's parameters are. With w_i the {@linkplain MergeParameters#effectiveWeights effective weights}
 * and d the {@linkplain MergeParameters#effectiveDensity effective density}:
 * <ul>
 *   <li><b>linear</b> and <b>task-arithmetic</b>: Σ w_i τ_i (linear's weights already sum to 1).</li>
 *   <li><b>ties</b>: (1) trim: in each τ_i keep the k = max(1, round(d·n)) entries of largest magnitude (rounding
 *       half up; among equal magnitudes the lower index is kept) and zero the rest, giving τ̂_i; (2) elect:
 *       s = sign(Σ_i w_i τ̂_i) per entry; (3) disjoint mean: per entry, Σ w_i τ̂_i / Σ w_i over the parents whose
 *       τ̂_i is nonzero with sign s, and 0 where s is 0.</li>
 *   <li><b>dare</b>: one {@code new SplittableRandom(seed)}; for each parent in list order, for each entry in index
 *       order, one {@code nextDouble()} is drawn and the entry kept iff the draw is below d, then scaled by 1/d
 *       (dropped entries become 0); the result is Σ w_i τ̃_i. A draw is made for every entry, zeros included, so
 *       the mask depends only on the seed, the density and the shapes, never on the values.</li>
 * </ul>
 * Arithmetic is in double; results are rounded to float once, at the end.
 */
public final class TaskVectorMerge {
    private TaskVectorMerge() {
    }

    /**
     * Merges flat parameter vectors of equal length.
     *
     * @param parents at least one vector; all of the same length, all entries finite
     * @throws IllegalArgumentException on vectors of different lengths, non-finite entries or parameters that do not
     *     fit the parents (see {@link MergeParameters})
     */
    public static float[] merge(List<float[]> parents, MergeParameters params) {
        Objects.requireNonNull(parents, "parents");
        Objects.requireNonNull(params, "params");
        double[] weights = params.effectiveWeights(parents.size());
        List<double[]> taskVectors = new ArrayList<>(parents.size());
        for (int i = 0; i < parents.size(); i++) {
            float[] parent = Objects.requireNonNull(parents.get(i), "parent " + (i + 1));
            if (parent.length != parents.get(0).length) {
                throw new IllegalArgumentException("parent " + (i + 1) + " has " + parent.length
                        + " parameters, parent 1 has " + parents.get(0).length + "; only equal shapes merge");
            }
            taskVectors.add(toFiniteDoubles(parent, "parent " + (i + 1)));
        }
        return toFloats(mergeDense(taskVectors, weights, params, new SplittableRandom(params.effectiveSeed())));
    }

    /**
     * Merges linear heads that share their labels (in the same order; the caller checks the label names). W and b
     * are merged as one task vector: W row by row, then b, which is the order DARE's draws follow and the vector over
     * which TIES picks its largest entries, as in the TIES paper's flattened task vector.
     *
     * @throws IllegalArgumentException when the heads differ in dimension or number of labels
     */
    public static HeadParameters mergeHeads(List<HeadParameters> heads, MergeParameters params) {
        Objects.requireNonNull(heads, "heads");
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("a merge needs at least one parent");
        }
        int dim = heads.get(0).dim();
        int labels = heads.get(0).labels();
        List<float[]> flat = new ArrayList<>(heads.size());
        for (int i = 0; i < heads.size(); i++) {
            HeadParameters head = Objects.requireNonNull(heads.get(i), "head " + (i + 1));
            if (head.dim() != dim || head.labels() != labels) {
                throw new IllegalArgumentException("head " + (i + 1) + " is " + head.dim() + "×" + head.labels()
                        + ", head 1 is " + dim + "×" + labels + "; only heads of the same shape merge");
            }
            float[] vector = new float[dim * labels + labels];
            for (int row = 0; row < dim; row++) {
                System.arraycopy(head.weights()[row], 0, vector, row * labels, labels);
            }
            System.arraycopy(head.bias(), 0, vector, dim * labels, labels);
            flat.add(vector);
        }
        float[] merged = merge(flat, params);
        float[][] weights = new float[dim][];
        for (int row = 0; row < dim; row++) {
            weights[row] = Arrays.copyOfRange(merged, row * labels, (row + 1) * labels);
        }
        return new HeadParameters(weights, Arrays.copyOfRange(merged, dim * labels, merged.length));
    }

    /**
     * The merge of task vectors of equal length, in double. DARE draws from {@code random}, which callers merging
     * several tensors share so that each tensor gets fresh draws.
     */
    public static double[] mergeDense(List<double[]> taskVectors, double[] weights, MergeParameters params,
            SplittableRandom random) {
        int length = taskVectors.get(0).length;
        double density = params.effectiveDensity();
        return switch (params.method()) {
            case LINEAR, TASK_ARITHMETIC -> weightedSum(taskVectors, weights, length);
            case TIES -> tiesMerge(taskVectors, weights, density, length);
            case DARE -> {
                List<double[]> rescaled = new ArrayList<>(taskVectors.size());
                for (double[] taskVector : taskVectors) {
                    rescaled.add(dropAndRescale(taskVector, density, random));
                }
                yield weightedSum(rescaled, weights, length);
            }
        };
    }

    private static double[] weightedSum(List<double[]> taskVectors, double[] weights, int length) {
        double[] sum = new double[length];
        for (int i = 0; i < taskVectors.size(); i++) {
            double[] taskVector = taskVectors.get(i);
            for (int j = 0; j < length; j++) {
                sum[j] += weights[i] * taskVector[j];
            }
        }
        return sum;
    }

    private static double[] tiesMerge(List<double[]> taskVectors, double[] weights, double density, int length) {
        List<double[]> trimmed = new ArrayList<>(taskVectors.size());
        for (double[] taskVector : taskVectors) {
            trimmed.add(keepLargestMagnitudes(taskVector, entriesKept(density, length)));
        }
        double[] elected = weightedSum(trimmed, weights, length);
        double[] merged = new double[length];
        for (int j = 0; j < length; j++) {
            double sign = Math.signum(elected[j]);
            if (sign == 0) {
                continue;
            }
            double agreeingSum = 0;
            double agreeingWeight = 0;
            for (int i = 0; i < trimmed.size(); i++) {
                double value = trimmed.get(i)[j];
                if (value != 0 && Math.signum(value) == sign) {
                    agreeingSum += weights[i] * value;
                    agreeingWeight += weights[i];
                }
            }
            // Weights are non-negative and the elected sign came from some positive-weight agreeing entry, so the
            // agreeing weight is positive.
            merged[j] = agreeingSum / agreeingWeight;
        }
        return merged;
    }

    /** TIES' k: round(density·n), half up, but at least one entry of a non-empty vector. */
    public static int entriesKept(double density, int length) {
        if (length == 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(length, Math.round(density * length)));
    }

    /** A copy of {@code values} with all but the {@code keep} largest magnitudes zeroed; lower index wins ties. */
    public static double[] keepLargestMagnitudes(double[] values, int keep) {
        if (keep >= values.length) {
            return values.clone();
        }
        double[] magnitudes = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            magnitudes[j] = Math.abs(values[j]);
        }
        Arrays.sort(magnitudes);
        double threshold = magnitudes[values.length - keep];
        int strictlyAbove = 0;
        for (double value : values) {
            if (Math.abs(value) > threshold) {
                strictlyAbove++;
            }
        }
        int atThresholdStillKept = keep - strictlyAbove;
        double[] kept = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            double magnitude = Math.abs(values[j]);
            if (magnitude > threshold) {
                kept[j] = values[j];
            } else if (magnitude == threshold && atThresholdStillKept > 0) {
                kept[j] = values[j];
                atThresholdStillKept--;
            }
        }
        return kept;
    }

    private static double[] dropAndRescale(double[] values, double density, SplittableRandom random) {
        double[] kept = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            if (random.nextDouble() < density) {
                kept[j] = values[j] / density;
            }
        }
        return kept;
    }

    private static double[] toFiniteDoubles(float[] values, String owner) {
        double[] doubles = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            if (!Float.isFinite(values[j])) {
                throw new IllegalArgumentException(owner + " has a non-finite parameter at index " + j);
            }
            doubles[j] = values[j];
        }
        return doubles;
    }

    public static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int j = 0; j < values.length; j++) {
            floats[j] = (float) values[j];
        }
        return floats;
    }
}
