package dev.brickyard.tools.merge;

import java.util.List;
import java.util.Objects;

/**
 * What a merge is asked to do. Parameters a method does not use are refused rather than silently ignored, so a
 * typo such as a density given to a linear merge is reported.
 *
 * <p>Weights, per method (an empty list means the default):
 * <ul>
 *   <li>{@code linear}: non-negative, normalised to sum 1; default 1/n each. A zero sum is refused.</li>
 *   <li>{@code task-arithmetic}: any sign (a negative weight subtracts a parent), not normalised; default 1 each.
 *       A global scaling λ is folded into the weights.</li>
 *   <li>{@code ties}: non-negative, default 1 each. The disjoint mean divides by the agreeing weights, so only their
 *       ratios matter: scaling every weight by the same factor does not change the result.</li>
 *   <li>{@code dare}: non-negative, not normalised; default 1 each.</li>
 * </ul>
 * In every method at least one weight must be nonzero.
 *
 * @param method the merge method, not null
 * @param weights one finite weight per parent in parent order, or empty (or null) for the method's defaults
 * @param density for {@code ties} and {@code dare} only: the share of entries kept, in (0, 1]; null means
 *     {@value #DEFAULT_DENSITY}
 * @param seed for {@code dare} only: the seed of the random drops; null means {@value #DEFAULT_SEED}
 */
public record MergeParameters(MergeMethod method, List<Double> weights, Double density, Long seed) {
    /** The density TIES and DARE use when none is given. */
    public static final double DEFAULT_DENSITY = 0.5;
    /** The seed DARE uses when none is given. */
    public static final long DEFAULT_SEED = 0L;

    public MergeParameters {
        Objects.requireNonNull(method, "method");
        weights = weights == null ? List.of() : List.copyOf(weights);
        boolean anyNonzero = false;
        for (int i = 0; i < weights.size(); i++) {
            double weight = weights.get(i);
            if (!Double.isFinite(weight)) {
                throw new IllegalArgumentException("weight " + (i + 1) + " is not a finite number: " + weight);
            }
            if (weight < 0 && !method.allowsNegativeWeights()) {
                throw new IllegalArgumentException("weight " + (i + 1) + " is negative (" + weight + "); only "
                        + MergeMethod.TASK_ARITHMETIC.externalName() + " accepts negative weights");
            }
            anyNonzero |= weight != 0;
        }
        if (!weights.isEmpty() && !anyNonzero) {
            throw new IllegalArgumentException("every weight is zero, so the merge would discard every parent");
        }
        if (density != null) {
            if (!method.usesDensity()) {
                throw new IllegalArgumentException("a density applies only to " + MergeMethod.TIES.externalName()
                        + " and " + MergeMethod.DARE.externalName() + ", not to " + method.externalName());
            }
            if (!(density > 0 && density <= 1)) {
                throw new IllegalArgumentException("density must be in (0, 1], got " + density);
            }
        }
        if (seed != null && !method.usesSeed()) {
            throw new IllegalArgumentException("a seed applies only to " + MergeMethod.DARE.externalName()
                    + ", not to " + method.externalName());
        }
    }

    /** Parameters with the method's default weights, density and seed. */
    public static MergeParameters defaults(MergeMethod method) {
        return new MergeParameters(method, List.of(), null, null);
    }

    /** The density in effect: the given one, or {@value #DEFAULT_DENSITY} for TIES and DARE, or 1 otherwise. */
    public double effectiveDensity() {
        if (density != null) {
            return density;
        }
        return method.usesDensity() ? DEFAULT_DENSITY : 1.0;
    }

    /** The seed in effect: the given one or {@value #DEFAULT_SEED}. */
    public long effectiveSeed() {
        return seed == null ? DEFAULT_SEED : seed;
    }

    /**
     * The weights in effect for this many parents: the defaults when none were given, and for {@code linear}
     * normalised to sum 1.
     *
     * @throws IllegalArgumentException when weights were given for a different number of parents
     */
    public double[] effectiveWeights(int parentCount) {
        if (parentCount < 1) {
            throw new IllegalArgumentException("a merge needs at least one parent");
        }
        if (!weights.isEmpty() && weights.size() != parentCount) {
            throw new IllegalArgumentException(
                    weights.size() + " weights were given for " + parentCount + " parents; give one per parent");
        }
        double[] effective = new double[parentCount];
        for (int i = 0; i < parentCount; i++) {
            effective[i] = weights.isEmpty() ? 1.0 : weights.get(i);
        }
        if (method == MergeMethod.LINEAR) {
            double sum = 0;
            for (double weight : effective) {
                sum += weight;
            }
            for (int i = 0; i < parentCount; i++) {
                effective[i] /= sum;
            }
        }
        return effective;
    }
}
