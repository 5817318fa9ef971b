package dev.brickyard.base;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits texts into the runs that embed them fastest. A run pads every text to its longest, so a short text next
 * to a long one pays for tokens it does not have, while each run also has a fixed cost (ONNX Runtime's dispatch,
 * thread hand-offs, small matrices). Texts are sorted by token count and cut into consecutive groups that minimise
 * {@code sum over runs of (RUN_OVERHEAD_TOKENS + rows * longest)}, with at most {@code maxRows} rows and
 * {@link #MAX_RUN_TOKENS} padded tokens in a run (a longer single text runs alone).
 *
 * <p>The cost model's constant comes from the per-text time of all-MiniLM-L6-v2 at batch sizes 1 to 32 and 8 to 128
 * tokens on the development machine (bench {@code BatchGridBenchmark}, docs/benchmarks.md): a run costs about as
 * much as 24 more padded tokens, and runs above about 1,024 padded tokens get slower per token (their activations
 * no longer fit the caches).
 */
public final class LengthBatches {
    /** What one run costs beyond its padded tokens, in tokens. */
    static final int RUN_OVERHEAD_TOKENS = 24;
    /** The most padded tokens ({@code rows * longest}) worth putting in one run. */
    static final int MAX_RUN_TOKENS = 1024;

    private LengthBatches() {
    }

    /**
     * The runs for texts of these token counts.
     *
     * @param maxRows the most texts in one run
     * @return the runs, each the indexes of its texts in {@code lengths}, shortest text first; every index appears
     *         in exactly one run
     */
    public static List<int[]> plan(int[] lengths, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1");
        }
        int n = lengths.length;
        int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt(i -> lengths[i]))
                .mapToInt(Integer::intValue).toArray();
        // best[j]: least cost of the first j sorted texts; cut[j]: where the last run of that plan starts.
        long[] best = new long[n + 1];
        int[] cut = new int[n + 1];
        for (int end = 1; end <= n; end++) {
            best[end] = Long.MAX_VALUE;
            int longest = lengths[order[end - 1]];
            for (int start = end - 1; start >= 0 && end - start <= maxRows; start--) {
                int rows = end - start;
                if (rows > 1 && (long) rows * longest > MAX_RUN_TOKENS) {
                    break;
                }
                long cost = best[start] + RUN_OVERHEAD_TOKENS + (long) rows * longest;
                if (cost < best[end]) {
                    best[end] = cost;
                    cut[end] = start;
                }
            }
        }
        List<int[]> runs = new ArrayList<>();
        for (int end = n; end > 0; end = cut[end]) {
            int start = cut[end];
            int[] run = new int[end - start];
            System.arraycopy(order, start, run, 0, run.length);
            runs.add(0, run);
        }
        return runs;
    }
}
