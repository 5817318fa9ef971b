package dev.brickyard.base.verify;

import ai.onnxruntime.OrtSession;
import dev.brickyard.api.manifest.IoSpec;
import dev.brickyard.api.manifest.Violation;
import java.time.Duration;
import java.util.List;

/**
 * Runs a knowledge brick's key graph on the probe embeddings ({@link ProbeRun}) and checks that it answers cosine
 * similarities with unit keys: one finite score per fact, each in {@code [-1, 1]} (within float rounding) for the
 * unit probes, and 0 for the zero probe, as a product {@code embedding × Kᵀ} without bias gives. Catches graphs that
 * load but keep unnormalised keys, add a bias or a softmax, or answer NaN.
 */
final class KeyProbe {
    /** Float rounding of a 384-term dot product of unit vectors stays far below this. */
    static final double TOLERANCE = 1e-4;

    private KeyProbe() {
    }

    static void check(OrtSession session, IoSpec graph, int facts, String entry, List<Violation> violations,
                      Duration timeout) {
        float[][] rows = ProbeRun.answers(session, graph, entry, violations, timeout);
        if (rows == null) {
            return;
        }
        for (int probe = 0; probe < rows.length; probe++) {
            if (rows[probe].length != facts) {
                violations.add(new Violation(entry, "answers " + rows[probe].length + " scores, not one for each of "
                        + facts + " facts"));
                return;
            }
            for (float score : rows[probe]) {
                if (!Float.isFinite(score) || Math.abs(score) > 1 + TOLERANCE) {
                    violations.add(new Violation(entry, "answers " + score + ", not a cosine similarity: a key "
                            + "graph multiplies by L2-normalised keys"));
                    return;
                }
                if (probe == 0 && Math.abs(score) > TOLERANCE) {
                    violations.add(new Violation(entry, "answers " + score + " for the zero embedding, not 0: a key "
                            + "graph is a product with the keys, without bias"));
                    return;
                }
            }
        }
    }
}
