package dev.brickyard.tools.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Merges LoRA adapters site by site, parents of different ranks included. A parent without a site counts as a zero
 * delta there. Sites are processed in name order.
 *
 * <p>Two routes, per site:
 * <ul>
 *   <li><b>Concatenation</b> (linear and task arithmetic with no {@code maxRank}): Σ w_i A_i·B_i is exactly
 *       [w_1·A_1 | w_2·A_2 | ...]·[B_1; B_2; ...], so the result has rank Σ r_i over the parents with a nonzero
 *       weight, no error beyond rounding w_i·A_i to float, and a truncation error of 0.</li>
 *   <li><b>Re-compression</b> (every other case): the dense ΔW_i = A_i·B_i are merged entry by entry as by
 *       {@link TaskVectorMerge} (row-major, so TIES trims and DARE drops per site), then factored by a truncated SVD
 *       ΔW ≈ U_r·S_r·V_rᵀ, A = U_r·√S_r, B = √S_r·V_rᵀ. The rank r is the smaller of the target and the numerical
 *       rank; the target is {@code maxRank}, or for TIES and DARE without one the largest parent rank at the site.
 *       The numerical rank counts singular values above σ_max·max(in, out)·ε_float, since anything smaller is below
 *       what the float result can hold. TIES and DARE give a full-rank ΔW, so their factors always come from here.
 *       </li>
 * </ul>
 * DARE's draws come from one {@code new SplittableRandom(seed)} shared by the whole merge: sites in name order, then
 * parents in list order (a parent without the site still draws for its zero delta), then the entries of ΔW_i in
 * row-major order, one {@code nextDouble()} each.
 */
public final class LowRankMerge {
    private LowRankMerge() {
    }

    /**
     * Merges adapters.
     *
     * @param parents per parent, its deltas keyed by site (each key equal to its delta's {@code site()}); at least one
     * @param maxRank null, or the largest rank a merged site may have (at least 1); setting it forces re-compression
     * @throws IllegalArgumentException when a site's shapes differ between parents (naming the site), a key does not
     *     match its delta, or the parameters do not fit (see {@link MergeParameters})
     * @throws ArithmeticException when an SVD does not converge
     */
    public static LowRankMergeResult merge(List<Map<String, LowRankDelta>> parents, MergeParameters params,
            Integer maxRank) {
        Objects.requireNonNull(parents, "parents");
        Objects.requireNonNull(params, "params");
        if (maxRank != null && maxRank < 1) {
            throw new IllegalArgumentException("maxRank is at least 1, got " + maxRank);
        }
        double[] weights = params.effectiveWeights(parents.size());
        SortedSet<String> sites = new TreeSet<>();
        for (int i = 0; i < parents.size(); i++) {
            Map<String, LowRankDelta> parent = Objects.requireNonNull(parents.get(i), "parent " + (i + 1));
            for (Map.Entry<String, LowRankDelta> entry : parent.entrySet()) {
                if (!entry.getKey().equals(entry.getValue().site())) {
                    throw new IllegalArgumentException("parent " + (i + 1) + " files the delta for site "
                            + entry.getValue().site() + " under " + entry.getKey());
                }
                sites.add(entry.getKey());
            }
        }
        boolean concatenate = params.method().isLinearInParents() && maxRank == null;
        SplittableRandom random = new SplittableRandom(params.effectiveSeed());
        SortedMap<String, LowRankDelta> deltas = new TreeMap<>();
        SortedMap<String, Double> truncationErrors = new TreeMap<>();
        SortedSet<String> zeroSites = new TreeSet<>();
        for (String site : sites) {
            List<LowRankDelta> atSite = new ArrayList<>(parents.size());
            for (Map<String, LowRankDelta> parent : parents) {
                atSite.add(parent.get(site));
            }
            requireSameShape(site, atSite);
            Factorization merged = concatenate
                    ? concatenate(site, atSite, weights)
                    : recompress(site, atSite, weights, params, random, maxRank);
            if (merged == null) {
                zeroSites.add(site);
            } else {
                deltas.put(site, merged.delta());
                truncationErrors.put(site, merged.truncationError());
            }
        }
        return new LowRankMergeResult(deltas, truncationErrors, zeroSites);
    }

    /** A factored site: its factors and the relative Frobenius error of getting them. */
    public record Factorization(LowRankDelta delta, double truncationError) {
    }

    private static void requireSameShape(String site, List<LowRankDelta> atSite) {
        LowRankDelta first = null;
        int firstParent = 0;
        for (int i = 0; i < atSite.size(); i++) {
            LowRankDelta delta = atSite.get(i);
            if (delta == null) {
                continue;
            }
            if (first == null) {
                first = delta;
                firstParent = i + 1;
            } else if (delta.in() != first.in() || delta.out() != first.out()) {
                throw new IllegalArgumentException("site " + site + " is " + first.in() + "×" + first.out()
                        + " in parent " + firstParent + " but " + delta.in() + "×" + delta.out() + " in parent "
                        + (i + 1) + "; a site's shape must agree across parents");
            }
        }
    }

    /** [w_1·A_1 | w_2·A_2 | ...] and [B_1; B_2; ...] over the parents with the site and a nonzero weight. */
    private static Factorization concatenate(String site, List<LowRankDelta> atSite, double[] weights) {
        int totalRank = 0;
        LowRankDelta shape = null;
        for (int i = 0; i < atSite.size(); i++) {
            if (atSite.get(i) != null && weights[i] != 0) {
                totalRank += atSite.get(i).rank();
                shape = atSite.get(i);
            }
        }
        if (shape == null) {
            return null;
        }
        float[][] a = new float[shape.in()][totalRank];
        float[][] b = new float[totalRank][];
        int offset = 0;
        for (int i = 0; i < atSite.size(); i++) {
            LowRankDelta delta = atSite.get(i);
            if (delta == null || weights[i] == 0) {
                continue;
            }
            for (int row = 0; row < delta.in(); row++) {
                for (int k = 0; k < delta.rank(); k++) {
                    a[row][offset + k] = (float) (weights[i] * delta.a()[row][k]);
                }
            }
            for (int k = 0; k < delta.rank(); k++) {
                b[offset + k] = delta.b()[k].clone();
            }
            offset += delta.rank();
        }
        LowRankDelta merged = new LowRankDelta(site, a, b);
        // Exact, but parents can cancel (task arithmetic with weights 1 and -1 of one adapter): a delta that is zero
        // next to its parents' is no delta, not one of rank Σ r_i.
        double parentsNorm = 0;
        for (int i = 0; i < atSite.size(); i++) {
            if (atSite.get(i) != null) {
                parentsNorm += Math.abs(weights[i]) * frobenius(atSite.get(i).denseRowMajor());
            }
        }
        if (frobenius(merged.denseRowMajor()) <= 1e-6 * parentsNorm) {
            return null;
        }
        return new Factorization(merged, 0.0);
    }

    private static double frobenius(double[] matrix) {
        double sum = 0;
        for (double value : matrix) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }

    private static Factorization recompress(String site, List<LowRankDelta> atSite, double[] weights,
            MergeParameters params, SplittableRandom random, Integer maxRank) {
        LowRankDelta shape = atSite.stream().filter(Objects::nonNull).findFirst().orElseThrow();
        int in = shape.in();
        int out = shape.out();
        int largestParentRank = 0;
        List<double[]> dense = new ArrayList<>(atSite.size());
        for (LowRankDelta delta : atSite) {
            dense.add(delta == null ? new double[in * out] : delta.denseRowMajor());
            largestParentRank = Math.max(largestParentRank, delta == null ? 0 : delta.rank());
        }
        double[] merged = TaskVectorMerge.mergeDense(dense, weights, params, random);
        return truncatedSvd(site, merged, in, out, maxRank != null ? maxRank : largestParentRank);
    }

    /**
     * Factors a row-major {@code in×out} matrix as A·B of rank min(targetRank, numerical rank) by truncated SVD
     * ({@code A = U·sqrt(S)}, {@code B = sqrt(S)·Vᵀ}); null when the matrix is zero. Fitting adapters uses it too.
     */
    public static Factorization truncatedSvd(String site, double[] rowMajor, int in, int out, int targetRank) {
        boolean allZero = true;
        for (double value : rowMajor) {
            allZero &= value == 0;
        }
        if (allZero) {
            return null;
        }
        DMatrixRMaj matrix = DMatrixRMaj.wrap(in, out, rowMajor.clone());
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(in, out, true, true, true);
        if (!svd.decompose(matrix)) {
            throw new ArithmeticException("the SVD of the merged delta at site " + site + " did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        int count = Math.min(in, out);
        double largest = w.get(0, 0);
        double tolerance = largest * Math.max(in, out) * Math.ulp(1.0f);
        int numericalRank = 0;
        while (numericalRank < count && w.get(numericalRank, numericalRank) > tolerance) {
            numericalRank++;
        }
        int rank = Math.min(targetRank, numericalRank);
        // Squares of σ/σ_max, so neither huge nor tiny singular values overflow or underflow.
        double total = 0;
        double cut = 0;
        for (int j = 0; j < count; j++) {
            double relative = w.get(j, j) / largest;
            total += relative * relative;
            if (j >= rank) {
                cut += relative * relative;
            }
        }
        float[][] a = new float[in][rank];
        float[][] b = new float[rank][out];
        for (int k = 0; k < rank; k++) {
            double root = Math.sqrt(w.get(k, k));
            for (int row = 0; row < in; row++) {
                a[row][k] = (float) (u.get(row, k) * root);
            }
            for (int col = 0; col < out; col++) {
                b[k][col] = (float) (root * v.get(col, k));
            }
        }
        return new Factorization(new LowRankDelta(site, a, b), Math.sqrt(cut / total));
    }
}
