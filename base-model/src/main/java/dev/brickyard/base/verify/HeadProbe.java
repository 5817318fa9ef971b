package dev.brickyard.base.verify;

import ai.onnxruntime.OrtSession;
import dev.brickyard.api.manifest.IoSpec;
import dev.brickyard.api.manifest.Violation;
import java.time.Duration;
import java.util.List;

/**
 * Runs a head's graph on the probe embeddings ({@link ProbeRun}) and checks that it answers with probabilities:
 * finite, between 0 and 1, summing to 1 per row. Catches graphs that load but output logits, NaN or the wrong
 * batch size.
 */
final class HeadProbe {
    private static final double SUM_TOLERANCE = 1e-3;

    private HeadProbe() {
    }

    static void check(OrtSession session, IoSpec graph, String entry, List<Violation> violations,
                      Duration timeout) {
        float[][] rows = ProbeRun.answers(session, graph, entry, violations, timeout);
        if (rows == null) {
            return;
        }
        for (float[] row : rows) {
            double sum = 0;
            for (float p : row) {
                if (!Float.isFinite(p) || p < 0 || p > 1) {
                    violations.add(new Violation(entry, "answers " + p + ", not a probability: a head ends in "
                            + "Softmax"));
                    return;
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                violations.add(new Violation(entry, "answers probabilities summing to " + sum
                        + ", not 1: a head ends in Softmax"));
                return;
            }
        }
    }
}
