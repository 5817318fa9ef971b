package dev.brickyard.base.verify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.IoSpec;
import dev.brickyard.api.Violation;
import java.util.List;
import java.util.Map;

/**
 * Runs a head's graph on a few probe embeddings and checks that it answers with probabilities: finite, between 0
 * and 1, summing to 1 per row. Catches graphs that load but output logits, NaN or the wrong batch size.
 */
final class HeadProbe {
    private static final double SUM_TOLERANCE = 1e-3;

    private HeadProbe() {
    }

    static void check(byte[] onnx, IoSpec graph, String entry, List<Violation> violations) {
        int dim = graph.inputs().get(0).shape().get(1).intValue();
        float[][] probes = new float[3][dim];
        probes[1][0] = 1;
        for (int d = 0; d < dim; d++) {
            probes[2][d] = (float) ((d % 2 == 0 ? 1 : -1) / Math.sqrt(dim));
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = environment.createSession(onnx, options);
                 OnnxTensor input = OnnxTensor.createTensor(environment, probes);
                 OrtSession.Result result = session.run(Map.of(graph.inputs().get(0).name(), input))) {
                Object value = result.get(0).getValue();
                if (!(value instanceof float[][] rows) || rows.length != probes.length) {
                    violations.add(new Violation(entry, "does not answer one row per input"));
                    return;
                }
                for (float[] row : rows) {
                    double sum = 0;
                    for (float p : row) {
                        if (!Float.isFinite(p) || p < 0 || p > 1) {
                            violations.add(new Violation(entry, "answers " + p + ", not a probability: a head "
                                    + "ends in Softmax"));
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
        } catch (OrtException | RuntimeException e) {
            violations.add(new Violation(entry, "fails when run on probe embeddings: " + e.getMessage()));
        }
    }
}
