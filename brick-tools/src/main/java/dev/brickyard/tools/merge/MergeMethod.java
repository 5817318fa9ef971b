package dev.brickyard.tools.merge;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How parents' task vectors are combined. Every method treats each parent as a task vector τ_i (its parameters minus
 * a zero base) and works entry by entry; see {@link TaskVectorMerge} for the exact arithmetic of each.
 */
public enum MergeMethod {
    /** Weighted average Σ w_i θ_i with non-negative weights normalised to sum 1 (default 1/n each). */
    LINEAR("linear"),
    /** Task arithmetic (Ilharco et al. 2023): Σ w_i τ_i, weights default 1, not normalised, negative allowed. */
    TASK_ARITHMETIC("task-arithmetic"),
    /** TIES merging (Yadav et al. 2023): trim to the largest entries, elect a sign per entry, disjoint mean. */
    TIES("ties"),
    /** DARE (Yu et al. 2023): drop entries at random, rescale the survivors, then sum. */
    DARE("dare");

    private final String externalName;

    MergeMethod(String externalName) {
        this.externalName = externalName;
    }

    /** The name users type on the command line and that merge records carry, e.g. {@code task-arithmetic}. */
    public String externalName() {
        return externalName;
    }

    /** Whether the method keeps only a {@code density} share of each task vector (TIES and DARE). */
    public boolean usesDensity() {
        return this == TIES || this == DARE;
    }

    /** Whether the method draws random numbers and so takes a seed (DARE only). */
    public boolean usesSeed() {
        return this == DARE;
    }

    /** Whether weights may be negative, which subtracts a parent ("forgetting"); task arithmetic only. */
    public boolean allowsNegativeWeights() {
        return this == TASK_ARITHMETIC;
    }

    /**
     * Whether the merged parameters are a fixed linear combination Σ c_i τ_i of the parents, so that low-rank
     * adapters can be merged exactly by concatenating their factors (linear and task arithmetic).
     */
    public boolean isLinearInParents() {
        return this == LINEAR || this == TASK_ARITHMETIC;
    }

    /**
     * The method with this external name.
     *
     * @throws IllegalArgumentException naming the valid names when there is no such method
     */
    public static MergeMethod fromName(String name) {
        for (MergeMethod method : values()) {
            if (method.externalName.equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown merge method '" + name + "'; valid methods are "
                + Arrays.stream(values()).map(MergeMethod::externalName).collect(Collectors.joining(", ")));
    }
}
