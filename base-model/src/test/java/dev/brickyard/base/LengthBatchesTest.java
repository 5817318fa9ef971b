package dev.brickyard.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthBatchesTest {
    @Test
    void everyTextIsInExactlyOneRunAndRunsRespectTheirLimits() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int[] lengths = random.ints(random.nextInt(100), 3, 300).toArray();
            int maxRows = 1 + random.nextInt(40);
            List<int[]> runs = LengthBatches.plan(lengths, maxRows);
            int[] seen = new int[lengths.length];
            int previousLongest = 0;
            for (int[] run : runs) {
                assertTrue(run.length >= 1 && run.length <= maxRows);
                int longest = 0;
                for (int i = 1; i < run.length; i++) {
                    assertTrue(lengths[run[i - 1]] <= lengths[run[i]], "a run is sorted, shortest first");
                }
                for (int index : run) {
                    seen[index]++;
                    longest = Math.max(longest, lengths[index]);
                }
                assertTrue(run.length == 1 || run.length * longest <= LengthBatches.MAX_RUN_TOKENS);
                assertTrue(lengths[run[0]] >= previousLongest, "runs follow each other in length order");
                previousLongest = longest;
            }
            for (int count : seen) {
                assertEquals(1, count);
            }
        }
    }

    @Test
    void textsOfOneLengthShareARunUpToTheRowLimit() {
        int[] lengths = new int[40];
        Arrays.fill(lengths, 20);
        assertEquals(List.of(32, 8), LengthBatches.plan(lengths, 32).stream().map(run -> run.length).toList());
    }

    @Test
    void shortTextsDoNotRunPaddedToALongOne() {
        int[] lengths = {12, 11, 80, 13, 12, 10, 11, 12};
        List<int[]> runs = LengthBatches.plan(lengths, 32);
        assertEquals(2, runs.size());
        assertEquals(7, runs.get(0).length);
        assertEquals(List.of(2), Arrays.stream(runs.get(1)).boxed().toList());
    }

    @Test
    void nearLengthsAreWorthPaddingRatherThanAnotherRun() {
        int[] lengths = {20, 21, 22, 23, 24, 25};
        assertEquals(1, LengthBatches.plan(lengths, 32).size());
    }

    @Test
    void noTextsNoRunsAndTheRowLimitMustBePositive() {
        assertEquals(0, LengthBatches.plan(new int[0], 8).size());
        assertThrows(IllegalArgumentException.class, () -> LengthBatches.plan(new int[] {3}, 0));
    }
}
