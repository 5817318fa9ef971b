package dev.brickyard.base.verify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.manifest.IoSpec;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.base.onnx.RunDeadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a brick's graph, on one thread, on a batch of three probe embeddings as wide as its input: the zero vector,
 * the unit vector along the first axis, and the unit vector whose components alternate {@code ±1/√dim}. What the
 * answers must look like depends on the kind ({@link HeadProbe}, {@link KeyProbe}).
 *
 * <p>The run is abandoned when it takes longer than its timeout ({@link RunDeadline}: ONNX Runtime's terminate flag),
 * and stops at the next node. {@link GraphLimits} already keeps loops out of a graph; this bounds whatever work is
 * left.
 */
final class ProbeRun {
    static final int PROBES = 3;

    private ProbeRun() {
    }

    /**
     * The graph's first output on the probes, one row per probe.
     *
     * @param timeout how long the run may take; zero stops it before its first node
     * @return the rows, or null after adding a violation at {@code entry} when the graph fails, takes too long or
     *         answers another shape
     */
    static float[][] answers(OrtSession session, IoSpec graph, String entry, List<Violation> violations,
                             Duration timeout) {
        int dim = graph.inputs().get(0).shape().get(1).intValue();
        float[][] probes = new float[PROBES][dim];
        probes[1][0] = 1;
        for (int d = 0; d < dim; d++) {
            probes[2][d] = (float) ((d % 2 == 0 ? 1 : -1) / Math.sqrt(dim));
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        RunDeadline deadline = null;
        try (OrtSession.RunOptions options = new OrtSession.RunOptions();
             OnnxTensor input = OnnxTensor.createTensor(environment, probes)) {
            deadline = RunDeadline.start(options, timeout);
            try (RunDeadline running = deadline;
                 OrtSession.Result result = session.run(Map.of(graph.inputs().get(0).name(), input), options)) {
                Object value = result.get(0).getValue();
                if (!(value instanceof float[][] rows) || rows.length != probes.length) {
                    violations.add(new Violation(entry, "does not answer one row per input"));
                    return null;
                }
                return rows;
            }
        } catch (OrtException | RuntimeException e) {
            violations.add(new Violation(entry, deadline != null && deadline.expired()
                    ? "did not answer the " + PROBES + " probe embeddings within " + timeout.toMillis() + " ms"
                    : "fails when run on probe embeddings: " + e.getMessage()));
            return null;
        }
    }
}
