package dev.brickyard.bench;

import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.graph.GraphOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Where {@code LengthBatches}' cost model comes from: the time per text of one run of the base model for texts of
 * one length (8 to 128 tokens, no padding) at batch sizes 1 to 32, on this machine, with the serving settings (2
 * intra-op threads that sleep between runs). A least-squares fit of {@code run time = a + b * rows * tokens} over
 * the runs of at most 1,024 tokens gives the fixed cost of a run in tokens ({@code a / b}), which
 * {@code LengthBatches.RUN_OVERHEAD_TOKENS} approximates; the per-text times above 1,024 padded tokens show where
 * larger runs stop paying ({@code LengthBatches.MAX_RUN_TOKENS}).
 *
 * <p>Run: {@code mvn -q -pl bench exec:java -Dexec.mainClass=dev.brickyard.bench.BatchGridBenchmark}
 */
public final class BatchGridBenchmark {
    private static final int[] LENGTHS = {8, 16, 24, 32, 48, 64, 128};
    private static final int[] BATCHES = {1, 2, 4, 8, 16, 32};
    private static final int MAX_FITTED_TOKENS = 1024;

    private BatchGridBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        try (BaseModel model = BaseModel.load(BaseModelVariant.FP32, threads, false, GraphOptions.original())) {
            System.out.printf(Locale.ROOT, "ms per text, best of 3 repetitions, %d intra-op threads%n", threads);
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s", "tokens"));
            for (int batch : BATCHES) {
                header.append(String.format(Locale.ROOT, "%9s", "b" + batch));
            }
            System.out.println(header);
            List<double[]> runs = new ArrayList<>();
            for (int length : LENGTHS) {
                // [CLS] and [SEP] make the other two tokens; "word" is one WordPiece token.
                String text = String.join(" ", Collections.nCopies(length - 2, "word"));
                int tokens = model.tokenizer().encode(text).length;
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8d", tokens));
                for (int batch : BATCHES) {
                    double millisPerRun = bestRunMillis(model, Collections.nCopies(batch, text));
                    line.append(String.format(Locale.ROOT, "%9.2f", millisPerRun / batch));
                    if (batch * tokens <= MAX_FITTED_TOKENS) {
                        runs.add(new double[] {batch * tokens, millisPerRun});
                    }
                }
                System.out.println(line);
            }
            double[] fit = leastSquares(runs);
            System.out.printf(Locale.ROOT, "fit over runs of at most %d tokens: run ms = %.3f + %.5f x tokens; a run "
                    + "costs as much as %.0f more tokens%n", MAX_FITTED_TOKENS, fit[0], fit[1], fit[0] / fit[1]);
        }
    }

    private static double bestRunMillis(BaseModel model, List<String> texts) throws Exception {
        model.embed(texts);
        int repetitions = Math.max(3, 256 / texts.size());
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            long start = System.nanoTime();
            for (int i = 0; i < repetitions; i++) {
                model.embed(texts);
            }
            best = Math.min(best, (System.nanoTime() - start) / repetitions);
        }
        return best / 1e6;
    }

    /** {@code {a, b}} minimising the squared error of {@code y = a + b x} over the points {@code {x, y}}. */
    private static double[] leastSquares(List<double[]> points) {
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] point : points) {
            sx += point[0];
            sy += point[1];
            sxx += point[0] * point[0];
            sxy += point[0] * point[1];
        }
        double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return new double[] {(sy - b * sx) / n, b};
    }
}
