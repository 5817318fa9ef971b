package dev.brickyard.tools.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LowRankMergeTest {
    private static final String SITE = "layer.5.ffn_out";

    /** ΔW1 = [[1],[2],[0]]·[[1,-1]] = [[1,-1],[2,-2],[0,0]], rank 1. */
    private static final LowRankDelta RANK_ONE =
            new LowRankDelta(SITE, new float[][] {{1}, {2}, {0}}, new float[][] {{1, -1}});
    /** ΔW2 = [[1,0],[0,1],[1,1]]·[[2,0],[0,3]] = [[2,0],[0,3],[2,3]], rank 2. */
    private static final LowRankDelta RANK_TWO =
            new LowRankDelta(SITE, new float[][] {{1, 0}, {0, 1}, {1, 1}}, new float[][] {{2, 0}, {0, 3}});

    private static void assertMatrix(float[][] expected, float[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "rows");
        for (int row = 0; row < expected.length; row++) {
            assertEquals(expected[row].length, actual[row].length, "columns");
            for (int col = 0; col < expected[row].length; col++) {
                assertEquals(expected[row][col], actual[row][col], tolerance, "entry " + row + "," + col);
            }
        }
    }

    private static MergeParameters taskArithmetic(double... weights) {
        return new MergeParameters(MergeMethod.TASK_ARITHMETIC,
                Arrays.stream(weights).boxed().toList(), null, null);
    }

    @Test
    void linearMethodsConcatenateFactorsOfDifferentRanksExactly() {
        LowRankMergeResult result = LowRankMerge.merge(List.of(Map.of(SITE, RANK_ONE), Map.of(SITE, RANK_TWO)),
                taskArithmetic(2, 0.5), null);
        LowRankDelta merged = result.deltas().get(SITE);
        // Rank 1 + 2; A = [2·A1 | 0.5·A2], B = [B1; B2].
        assertEquals(3, merged.rank());
        assertMatrix(new float[][] {{2, 0.5f, 0}, {4, 0, 0.5f}, {0, 0.5f, 0.5f}}, merged.a(), 0);
        assertMatrix(new float[][] {{1, -1}, {2, 0}, {0, 3}}, merged.b(), 0);
        // 2·ΔW1 + 0.5·ΔW2 = [[2+1, -2+0], [4+0, -4+1.5], [0+1, 0+1.5]].
        assertMatrix(new float[][] {{3, -2}, {4, -2.5f}, {1, 1.5f}}, merged.dense(), 0);
        assertEquals(0.0, result.truncationErrors().get(SITE));
        assertTrue(result.zeroSites().isEmpty());

        // Linear, default 1/2 each: [[1+2, -1+0], [2+0, -2+3], [0+2, 0+3]] / 2.
        LowRankDelta average = LowRankMerge.merge(List.of(Map.of(SITE, RANK_ONE), Map.of(SITE, RANK_TWO)),
                MergeParameters.defaults(MergeMethod.LINEAR), null).deltas().get(SITE);
        assertEquals(3, average.rank());
        assertMatrix(new float[][] {{1.5f, -0.5f}, {1, 0.5f}, {1, 1.5f}}, average.dense(), 0);
    }

    @Test
    void aParentWithoutASiteContributesNothingThere() {
        String other = "layer.0.attn_q";
        LowRankDelta otherDelta = new LowRankDelta(other, new float[][] {{1}, {1}}, new float[][] {{4, 2}});
        LowRankMergeResult result = LowRankMerge.merge(
                List.of(Map.of(SITE, RANK_ONE, other, otherDelta), Map.of(SITE, RANK_TWO)),
                taskArithmetic(0.5, 1), null);
        assertEquals(List.of(other, SITE), List.copyOf(result.deltas().keySet()));
        // Only parent 1 has the other site: 0.5·[[4,2],[4,2]].
        assertEquals(1, result.deltas().get(other).rank());
        assertMatrix(new float[][] {{2, 1}, {2, 1}}, result.deltas().get(other).dense(), 0);
    }

    @Test
    void recompressingARankOneSumIsExact() {
        // A rank-2 factorisation of a rank-1 matrix: [[1,1],[2,2],[0,0]]·[[1,-1],[1,-1]] = 2·ΔW1.
        LowRankDelta twiceRankOne = new LowRankDelta(SITE, new float[][] {{1, 1}, {2, 2}, {0, 0}},
                new float[][] {{1, -1}, {1, -1}});
        LowRankMergeResult result = LowRankMerge.merge(List.of(Map.of(SITE, RANK_ONE), Map.of(SITE, twiceRankOne)),
                MergeParameters.defaults(MergeMethod.TASK_ARITHMETIC), 2);
        LowRankDelta merged = result.deltas().get(SITE);
        // ΔW1 + 2·ΔW1 = 3·ΔW1, whose numerical rank 1 is below maxRank 2.
        assertEquals(1, merged.rank());
        assertMatrix(new float[][] {{3, -3}, {6, -6}, {0, 0}}, merged.dense(), 1e-5);
        assertTrue(result.truncationErrors().get(SITE) < 1e-12, result.truncationErrors().toString());
    }

    /** diag(3, 0) and diag(0, 1) as rank-1 adapters. */
    private static final LowRankDelta THREE_AT_TOP =
            new LowRankDelta(SITE, new float[][] {{3}, {0}}, new float[][] {{1, 0}});
    private static final LowRankDelta ONE_AT_BOTTOM =
            new LowRankDelta(SITE, new float[][] {{0}, {1}}, new float[][] {{0, 1}});

    @Test
    void truncatingKeepsTheLargestSingularValueAndReportsTheCut() {
        // ΔW = diag(3, 1): singular values 3 and 1. Rank 1 keeps diag(3, 0); error = √(1²) / √(3² + 1²) = 1/√10.
        LowRankMergeResult result = LowRankMerge.merge(
                List.of(Map.of(SITE, THREE_AT_TOP), Map.of(SITE, ONE_AT_BOTTOM)),
                MergeParameters.defaults(MergeMethod.TASK_ARITHMETIC), 1);
        assertEquals(1, result.deltas().get(SITE).rank());
        assertMatrix(new float[][] {{3, 0}, {0, 0}}, result.deltas().get(SITE).dense(), 1e-6);
        assertEquals(1 / Math.sqrt(10), result.truncationErrors().get(SITE), 1e-12);
        assertEquals(1 / Math.sqrt(10), result.maxTruncationError(), 1e-12);
    }

    @Test
    void tiesMergesTheDenseDeltasAndDefaultsToTheLargestParentRank() {
        // No conflicts, density 1: the disjoint mean of diag(3,0) and diag(0,1) is diag(3,1), rank 2; the default
        // target is the largest parent rank, 1, so it is cut to diag(3,0) with error 1/√10.
        List<Map<String, LowRankDelta>> parents = List.of(Map.of(SITE, THREE_AT_TOP), Map.of(SITE, ONE_AT_BOTTOM));
        MergeParameters ties = new MergeParameters(MergeMethod.TIES, List.of(), 1.0, null);
        LowRankMergeResult defaultRank = LowRankMerge.merge(parents, ties, null);
        assertMatrix(new float[][] {{3, 0}, {0, 0}}, defaultRank.deltas().get(SITE).dense(), 1e-6);
        assertEquals(1 / Math.sqrt(10), defaultRank.truncationErrors().get(SITE), 1e-12);
        LowRankMergeResult fullRank = LowRankMerge.merge(parents, ties, 2);
        assertMatrix(new float[][] {{3, 0}, {0, 1}}, fullRank.deltas().get(SITE).dense(), 1e-6);
        assertEquals(0.0, fullRank.truncationErrors().get(SITE), 1e-12);

        /*
         * With a conflict: ΔW1 = [[1],[1]]·[[2,-1]] = [[2,-1],[2,-1]], ΔW2 = [[1],[0]]·[[-1,3]] = [[-1,3],[0,0]].
         * Elected signs: 2-1 = +1, -1+3 = +2, +2, -1. Means of the agreeing entries: 2, 3, 2, -1.
         */
        LowRankDelta first = new LowRankDelta(SITE, new float[][] {{1}, {1}}, new float[][] {{2, -1}});
        LowRankDelta second = new LowRankDelta(SITE, new float[][] {{1}, {0}}, new float[][] {{-1, 3}});
        LowRankMergeResult conflict = LowRankMerge.merge(List.of(Map.of(SITE, first), Map.of(SITE, second)),
                ties, 2);
        assertEquals(2, conflict.deltas().get(SITE).rank());
        assertMatrix(new float[][] {{2, 3}, {2, -1}}, conflict.deltas().get(SITE).dense(), 1e-5);
    }

    @Test
    void dareDrawsSiteBySiteThenParentByParentInRowMajorOrder() {
        String early = "layer.0.attn_q";
        String late = "layer.1.attn_v";
        LowRankDelta earlyFirst = new LowRankDelta(early, new float[][] {{1, 2}, {0, 1}, {3, 1}},
                new float[][] {{1, 0, 2}, {1, 1, -1}});
        LowRankDelta lateFirst = new LowRankDelta(late, new float[][] {{2}, {1}}, new float[][] {{1, 3}});
        LowRankDelta lateSecond = new LowRankDelta(late, new float[][] {{1, 0}, {0, 1}}, new float[][] {{5, 1}, {2, 4}});
        // Parent 2 lacks the early site; its zero delta still consumes draws.
        List<Map<String, LowRankDelta>> parents = List.of(Map.of(late, lateFirst, early, earlyFirst),
                Map.of(late, lateSecond));
        double density = 0.6;
        MergeParameters dare = new MergeParameters(MergeMethod.DARE, List.of(1.0, 2.0), density, 11L);

        SplittableRandom replay = new SplittableRandom(11);
        float[][] expectedEarly = replayDare(replay, List.of(earlyFirst.dense(), new float[3][3]), density);
        float[][] expectedLate = replayDare(replay, List.of(lateFirst.dense(), lateSecond.dense()), density);

        LowRankMergeResult result = LowRankMerge.merge(parents, dare, 3);
        assertMatrix(expectedEarly, result.deltas().get(early).dense(), 1e-5);
        assertMatrix(expectedLate, result.deltas().get(late).dense(), 1e-5);
    }

    /** Σ w_i · (kept entries of ΔW_i / density), weights 1 and 2, drawing in row-major order per parent. */
    private static float[][] replayDare(SplittableRandom random, List<float[][]> denseParents, double density) {
        double[] weights = {1, 2};
        int rows = denseParents.get(0).length;
        int cols = denseParents.get(0)[0].length;
        float[][] merged = new float[rows][cols];
        for (int i = 0; i < denseParents.size(); i++) {
            for (int row = 0; row < rows; row++) {
                for (int col = 0; col < cols; col++) {
                    if (random.nextDouble() < density) {
                        merged[row][col] += (float) (weights[i] * denseParents.get(i)[row][col] / density);
                    }
                }
            }
        }
        return merged;
    }

    @Test
    void parentsThatCancelLeaveTheSiteOut() {
        LowRankMergeResult result = LowRankMerge.merge(List.of(Map.of(SITE, RANK_TWO), Map.of(SITE, RANK_TWO)),
                taskArithmetic(1, -1), 4);
        assertFalse(result.deltas().containsKey(SITE));
        assertEquals(List.of(SITE), List.copyOf(result.zeroSites()));

        LowRankMergeResult concatenated = LowRankMerge.merge(List.of(Map.of(SITE, RANK_TWO), Map.of(SITE, RANK_TWO)),
                taskArithmetic(1, -1), null);
        assertFalse(concatenated.deltas().containsKey(SITE), "exact concatenation notices the cancellation too");
        assertEquals(List.of(SITE), List.copyOf(concatenated.zeroSites()));
    }

    @Test
    void aSiteOfDifferentShapesIsRefusedByName() {
        LowRankDelta twoByTwo = new LowRankDelta(SITE, new float[][] {{1}, {1}}, new float[][] {{1, 1}});
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LowRankMerge.merge(List.of(Map.of(SITE, RANK_ONE), Map.of(SITE, twoByTwo)),
                        MergeParameters.defaults(MergeMethod.LINEAR), null));
        assertTrue(error.getMessage().contains("site " + SITE + " is 3×2 in parent 1 but 2×2 in parent 2"),
                error.getMessage());
    }

    @Test
    void badParametersAndMalformedDeltasAreRefused() {
        List<Map<String, LowRankDelta>> parents = List.of(Map.of(SITE, RANK_ONE), Map.of(SITE, RANK_TWO));
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> LowRankMerge.merge(parents, MergeParameters.defaults(MergeMethod.LINEAR), 0));
        assertTrue(rank.getMessage().contains("maxRank"), rank.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LowRankMerge.merge(parents, taskArithmetic(1, 1, 1), null));
        IllegalArgumentException misfiled = assertThrows(IllegalArgumentException.class,
                () -> LowRankMerge.merge(List.of(Map.of("layer.9.ffn_in", RANK_ONE)),
                        MergeParameters.defaults(MergeMethod.LINEAR), null));
        assertTrue(misfiled.getMessage().contains("under layer.9.ffn_in"), misfiled.getMessage());
        IllegalArgumentException ranks = assertThrows(IllegalArgumentException.class,
                () -> new LowRankDelta(SITE, new float[][] {{1, 2}}, new float[][] {{1, 1}}));
        assertTrue(ranks.getMessage().contains(SITE), ranks.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LowRankDelta(SITE, new float[][] {{Float.NaN}}, new float[][] {{1}}));
        assertThrows(IllegalArgumentException.class, () -> new LowRankDelta(" ", new float[][] {{1}},
                new float[][] {{1}}));
    }

    @Test
    void aDeltaKnowsItsShape() {
        assertEquals(3, RANK_TWO.in());
        assertEquals(2, RANK_TWO.rank());
        assertEquals(2, RANK_TWO.out());
        assertMatrix(new float[][] {{2, 0}, {0, 3}, {2, 3}}, RANK_TWO.dense(), 0);
    }
}
