package dev.brickyard.tools.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.base.onnx.HeadParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskVectorMergeTest {
    private static final float EPS = 1e-6f;

    private static MergeParameters params(MergeMethod method, List<Double> weights, Double density, Long seed) {
        return new MergeParameters(method, weights, density, seed);
    }

    @Test
    void methodsAreFoundByTheirExternalNamesAndAnUnknownNameListsTheValidOnes() {
        assertEquals(MergeMethod.LINEAR, MergeMethod.fromName("linear"));
        assertEquals(MergeMethod.TASK_ARITHMETIC, MergeMethod.fromName("task-arithmetic"));
        assertEquals(MergeMethod.TIES, MergeMethod.fromName("ties"));
        assertEquals(MergeMethod.DARE, MergeMethod.fromName("dare"));
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> MergeMethod.fromName("slerp"));
        assertTrue(error.getMessage().contains("'slerp'"), error.getMessage());
        assertTrue(error.getMessage().contains("linear, task-arithmetic, ties, dare"), error.getMessage());
    }

    @Test
    void linearAveragesByDefaultAndNormalisesGivenWeights() {
        List<float[]> parents = List.of(new float[] {1, 2, 3, 4}, new float[] {3, 2, 1, 0});
        // Default weights 1/2 each: (1+3)/2, (2+2)/2, (3+1)/2, (4+0)/2.
        assertArrayEquals(new float[] {2, 2, 2, 2},
                TaskVectorMerge.merge(parents, MergeParameters.defaults(MergeMethod.LINEAR)), EPS);
        // Weights 3 and 1 normalise to 0.75 and 0.25: 0.75+0.75, 1.5+0.5, 2.25+0.25, 3+0.
        assertArrayEquals(new float[] {1.5f, 2, 2.5f, 3},
                TaskVectorMerge.merge(parents, params(MergeMethod.LINEAR, List.of(3.0, 1.0), null, null)), EPS);
    }

    @Test
    void taskArithmeticSumsWithoutNormalisingAndNegativeWeightsSubtract() {
        List<float[]> parents = List.of(new float[] {1, 2, 3, 4}, new float[] {3, 2, 1, 0});
        // Default weights 1 each: 1+3, 2+2, 3+1, 4+0.
        assertArrayEquals(new float[] {4, 4, 4, 4},
                TaskVectorMerge.merge(parents, MergeParameters.defaults(MergeMethod.TASK_ARITHMETIC)), EPS);
        // Weights 1 and -0.5 ("forget" half of parent 2): 1-1.5, 2-1, 3-0.5, 4-0.
        assertArrayEquals(new float[] {-0.5f, 1, 2.5f, 4}, TaskVectorMerge.merge(parents,
                params(MergeMethod.TASK_ARITHMETIC, List.of(1.0, -0.5), null, null)), EPS);
    }

    /*
     * Three parents, five entries, density 0.6: each keeps k = round(0.6·5) = 3 entries.
     *   τ1 = [ 0.5, -0.2,  0.9, -0.1,  0.3]  keeps |0.9|,|0.5|,|0.3|     -> τ̂1 = [ 0.5, 0,    0.9, 0,  0.3]
     *   τ2 = [-0.4,  0.6, -0.3,  0.2, -0.6]  keeps |0.6|,|0.6|,|0.4|     -> τ̂2 = [-0.4, 0.6,  0,   0, -0.6]
     *   τ3 = [ 0.2,  0.2, -0.7,  0.2,  0.1]  keeps |0.7|, then of the three |0.2| the two lowest indices 0 and 1
     *                                                                  -> τ̂3 = [ 0.2, 0.2, -0.7, 0,  0  ]
     */
    private static final List<float[]> TIES_PARENTS = List.of(
            new float[] {0.5f, -0.2f, 0.9f, -0.1f, 0.3f},
            new float[] {-0.4f, 0.6f, -0.3f, 0.2f, -0.6f},
            new float[] {0.2f, 0.2f, -0.7f, 0.2f, 0.1f});

    @Test
    void tiesTrimsElectsASignAndAveragesOnlyTheAgreeingEntries() {
        /*
         * Weights 1. Elected signs of Σ τ̂_i: 0.5-0.4+0.2=+0.3, 0.6+0.2=+0.8, 0.9-0.7=+0.2, 0 -> 0, 0.3-0.6=-0.3.
         * Disjoint means: (0.5+0.2)/2=0.35, (0.6+0.2)/2=0.4, 0.9/1=0.9, 0, -0.6/1=-0.6.
         */
        assertArrayEquals(new float[] {0.35f, 0.4f, 0.9f, 0, -0.6f},
                TaskVectorMerge.merge(TIES_PARENTS, params(MergeMethod.TIES, List.of(), 0.6, null)), EPS);
    }

    @Test
    void tiesWeightsSwayTheElectionAndWeightTheMean() {
        /*
         * Weights 1, 3, 1. Elected signs: 0.5-1.2+0.2=-0.5, 1.8+0.2=+2.0, 0.9-0.7=+0.2, 0, 0.3-1.8=-1.5.
         * Entry 0 now follows parent 2 alone: 3·(-0.4)/3 = -0.4; entry 1: (3·0.6+1·0.2)/(3+1) = 0.5;
         * entry 2: 0.9; entry 3: 0; entry 4: 3·(-0.6)/3 = -0.6.
         */
        assertArrayEquals(new float[] {-0.4f, 0.5f, 0.9f, 0, -0.6f},
                TaskVectorMerge.merge(TIES_PARENTS, params(MergeMethod.TIES, List.of(1.0, 3.0, 1.0), 0.6, null)),
                EPS);
    }

    @Test
    void tiesKeepsHalfByDefaultRoundingHalfUpAndAlwaysKeepsOneEntry() {
        assertEquals(2, TaskVectorMerge.entriesKept(MergeParameters.DEFAULT_DENSITY, 4));
        assertEquals(3, TaskVectorMerge.entriesKept(0.5, 5)); // 2.5 rounds up
        assertEquals(1, TaskVectorMerge.entriesKept(0.1, 4)); // 0.4 would keep nothing
        assertEquals(4, TaskVectorMerge.entriesKept(1.0, 4));
        // One parent, default density 0.5: keeps |-4| and |3|; the sign of each kept entry is its own.
        assertArrayEquals(new float[] {0, 3, -4, 0}, TaskVectorMerge.merge(List.of(new float[] {1, 3, -4, 2}),
                MergeParameters.defaults(MergeMethod.TIES)), EPS);
    }

    @Test
    void dareDropsWithTheDocumentedDrawsAndRescalesTheSurvivors() {
        /*
         * new SplittableRandom(42).nextDouble() eight times: 0.7416, 0.1599, 0.2786, 0.3442 (parent 1, entries 0-3),
         * then 0.0380, 0.8682, 0.2184, 0.8006 (parent 2, entries 0-3). An entry is kept iff its draw < density.
         *
         * Default density 0.5, survivors ×2:
         *   τ̃1 = [0, 2·2, 3·2, 4·2] = [0, 4, 6, 8];  τ̃2 = [10·2, 0, 30·2, 0] = [20, 0, 60, 0].
         */
        List<float[]> parents = List.of(new float[] {1, 2, 3, 4}, new float[] {10, 20, 30, 40});
        // Weights 1 and 0.5: [0+10, 4+0, 6+30, 8+0].
        assertArrayEquals(new float[] {10, 4, 36, 8},
                TaskVectorMerge.merge(parents, params(MergeMethod.DARE, List.of(1.0, 0.5), null, 42L)), EPS);
        // Density 0.25, survivors ×4: parent 1 keeps only entry 1 (0.1599), parent 2 entries 0 and 2:
        // [0+40, 8+0, 0+120, 0+0].
        assertArrayEquals(new float[] {40, 8, 120, 0},
                TaskVectorMerge.merge(parents, params(MergeMethod.DARE, List.of(), 0.25, 42L)), EPS);
    }

    @Test
    void dareDrawsOncePerEntryParentByParentIncludingZeros() {
        int length = 50;
        List<float[]> parents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float[] parent = new float[length];
            for (int j = 0; j < length; j++) {
                parent[j] = j % 7 == 0 ? 0 : (i + 1) * (j - 20) / 8f;
            }
            parents.add(parent);
        }
        double density = 0.3;
        SplittableRandom replay = new SplittableRandom(7);
        double[] expected = new double[length];
        for (float[] parent : parents) {
            for (int j = 0; j < length; j++) {
                if (replay.nextDouble() < density) {
                    expected[j] += parent[j] / density;
                }
            }
        }
        float[] merged = TaskVectorMerge.merge(parents, params(MergeMethod.DARE, List.of(), density, 7L));
        for (int j = 0; j < length; j++) {
            assertEquals(expected[j], merged[j], 1e-4, "entry " + j);
        }
        // Same seed, same result; the default seed is 0.
        assertArrayEquals(TaskVectorMerge.merge(parents, params(MergeMethod.DARE, List.of(), density, 0L)),
                TaskVectorMerge.merge(parents, params(MergeMethod.DARE, List.of(), density, null)));
    }

    @Test
    void dareAtFullDensityIsTaskArithmetic() {
        List<float[]> parents = List.of(new float[] {1, -2, 3}, new float[] {0.5f, 4, -1});
        assertArrayEquals(TaskVectorMerge.merge(parents, MergeParameters.defaults(MergeMethod.TASK_ARITHMETIC)),
                TaskVectorMerge.merge(parents, params(MergeMethod.DARE, List.of(), 1.0, 99L)));
    }

    @Test
    void headsMergeWeightsAndBiasAsOneVector() {
        HeadParameters first = new HeadParameters(new float[][] {{1, 2}, {3, 4}, {5, 6}}, new float[] {0.5f, -0.5f});
        HeadParameters second = new HeadParameters(new float[][] {{3, 2}, {1, 0}, {-1, 2}}, new float[] {1.5f, 0.5f});
        // Linear, default 1/2 each: W = [[2,2],[2,2],[2,4]], b = [1, 0].
        HeadParameters average = TaskVectorMerge.mergeHeads(List.of(first, second),
                MergeParameters.defaults(MergeMethod.LINEAR));
        assertEquals(3, average.dim());
        assertEquals(2, average.labels());
        assertArrayEquals(new float[] {2, 2}, average.weights()[0], EPS);
        assertArrayEquals(new float[] {2, 2}, average.weights()[1], EPS);
        assertArrayEquals(new float[] {2, 4}, average.weights()[2], EPS);
        assertArrayEquals(new float[] {1, 0}, average.bias(), EPS);

        // DARE follows the documented order: W row by row, then b, parent after parent.
        MergeParameters dare = params(MergeMethod.DARE, List.of(), 0.5, 3L);
        HeadParameters dropped = TaskVectorMerge.mergeHeads(List.of(first, second), dare);
        float[] flat = TaskVectorMerge.merge(List.of(new float[] {1, 2, 3, 4, 5, 6, 0.5f, -0.5f},
                new float[] {3, 2, 1, 0, -1, 2, 1.5f, 0.5f}), dare);
        float[] fromHead = new float[8];
        for (int row = 0; row < 3; row++) {
            System.arraycopy(dropped.weights()[row], 0, fromHead, row * 2, 2);
        }
        System.arraycopy(dropped.bias(), 0, fromHead, 6, 2);
        assertArrayEquals(flat, fromHead);
    }

    @Test
    void headsOfDifferentShapesAreRefused() {
        HeadParameters twoLabels = new HeadParameters(new float[][] {{1, 2}}, new float[] {0, 0});
        HeadParameters threeLabels = new HeadParameters(new float[][] {{1, 2, 3}}, new float[] {0, 0, 0});
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TaskVectorMerge.mergeHeads(List.of(twoLabels, threeLabels),
                        MergeParameters.defaults(MergeMethod.LINEAR)));
        assertTrue(error.getMessage().contains("head 2 is 1×3"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new HeadParameters(new float[][] {{1, 2}, {3}}, new float[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> new HeadParameters(new float[][] {{1, 2}}, new float[] {0}));
    }

    @Test
    void vectorsOfDifferentLengthsOrWithNonFiniteEntriesAreRefused() {
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> TaskVectorMerge.merge(List.of(new float[3], new float[4]),
                        MergeParameters.defaults(MergeMethod.LINEAR)));
        assertTrue(lengths.getMessage().contains("parent 2 has 4 parameters, parent 1 has 3"), lengths.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> TaskVectorMerge.merge(List.of(new float[] {1, Float.NaN}),
                        MergeParameters.defaults(MergeMethod.LINEAR)));
        assertTrue(nan.getMessage().contains("index 1"), nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TaskVectorMerge.merge(List.of(), MergeParameters.defaults(MergeMethod.LINEAR)));
    }

    @Test
    void parametersThatDoNotFitTheMethodOrTheParentsAreRefused() {
        List<float[]> two = List.of(new float[] {1}, new float[] {2});
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> TaskVectorMerge.merge(two, params(MergeMethod.LINEAR, List.of(1.0, 1.0, 1.0), null, null)));
        assertTrue(count.getMessage().contains("3 weights were given for 2 parents"), count.getMessage());

        for (double density : new double[] {0, -0.5, 1.5, Double.NaN}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> params(MergeMethod.TIES, List.of(), density, null));
            assertTrue(error.getMessage().contains("(0, 1]"), error.getMessage());
        }
        IllegalArgumentException densityForLinear = assertThrows(IllegalArgumentException.class,
                () -> params(MergeMethod.LINEAR, List.of(), 0.5, null));
        assertTrue(densityForLinear.getMessage().contains("only to ties and dare"), densityForLinear.getMessage());
        IllegalArgumentException seedForTies = assertThrows(IllegalArgumentException.class,
                () -> params(MergeMethod.TIES, List.of(), 0.5, 1L));
        assertTrue(seedForTies.getMessage().contains("only to dare"), seedForTies.getMessage());

        for (MergeMethod method : new MergeMethod[] {MergeMethod.LINEAR, MergeMethod.TIES, MergeMethod.DARE}) {
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> params(method, List.of(1.0, -1.0), null, null));
            assertTrue(negative.getMessage().contains("weight 2 is negative"), negative.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> params(MergeMethod.TASK_ARITHMETIC, List.of(0.0, 0.0), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> params(MergeMethod.TASK_ARITHMETIC, List.of(1.0, Double.POSITIVE_INFINITY), null, null));
        assertThrows(NullPointerException.class, () -> params(null, List.of(), null, null));
    }

    @Test
    void effectiveValuesFollowTheDocumentedDefaults() {
        MergeParameters ties = MergeParameters.defaults(MergeMethod.TIES);
        assertEquals(0.5, ties.effectiveDensity());
        assertArrayEquals(new double[] {1, 1, 1}, ties.effectiveWeights(3));
        MergeParameters linear = MergeParameters.defaults(MergeMethod.LINEAR);
        assertEquals(1.0, linear.effectiveDensity());
        double[] thirds = linear.effectiveWeights(3);
        assertEquals(1.0, Arrays.stream(thirds).sum(), 1e-12);
        assertEquals(1.0 / 3, thirds[0], 1e-12);
        assertEquals(0L, MergeParameters.defaults(MergeMethod.DARE).effectiveSeed());
        assertEquals(List.of(), new MergeParameters(MergeMethod.DARE, null, null, null).weights());
    }
}
