package dev.brickyard.host.brick;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.onnx.RunDeadline;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Map;

/**
 * A brick whose graph runs in an ONNX Runtime session of its own, which it owns and closes. One thread per session:
 * brick graphs are tiny next to the base model, and many bricks run side by side.
 */
abstract class OrtBrick implements Brick {
    /**
     * How long one run of a brick's graph may take. {@code GraphLimits} bounds a graph's work per row, so this only
     * stops what is left (a graph near the limits on a large batch on a busy machine); the brick's answers to that
     * request fail, the rest of the request is answered.
     */
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(5);

    private final BrickManifest manifest;
    private final OrtSession session;
    private final long weightBytes;
    private volatile boolean closed;

    OrtBrick(BrickManifest manifest, OrtSession session, long weightBytes) {
        this.manifest = manifest;
        this.session = session;
        this.weightBytes = weightBytes;
    }

    @Override
    public final BrickManifest manifest() {
        return manifest;
    }

    @Override
    public final long weightBytes() {
        return weightBytes;
    }

    /** Runs the graph on a batch of embeddings: one output row per input. */
    final float[][] run(float[][] embeddings) throws BrickExecutionException {
        if (closed) {
            throw new BrickExecutionException(manifest.id() + " is unloaded", null);
        }
        return run(manifest, session, embeddings);
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to close " + manifest.id(), e);
        }
    }

    /**
     * Runs a brick graph that reads a batch of embeddings ({@code [batch, dim]}) and gives one row per input.
     *
     * @throws BrickExecutionException when a row is not {@code dim} wide or ONNX Runtime fails
     */
    private static float[][] run(BrickManifest manifest, OrtSession session, float[][] embeddings)
            throws BrickExecutionException {
        int dim = manifest.base().dim();
        FloatBuffer batch = FloatBuffer.allocate(embeddings.length * dim);
        for (float[] row : embeddings) {
            if (row.length != dim) {
                throw new BrickExecutionException(manifest.id() + " reads " + dim + "-wide embeddings, got "
                        + row.length, null);
            }
            batch.put(row);
        }
        batch.flip();
        String input = manifest.io().inputs().get(0).name();
        String output = manifest.io().outputs().get(0).name();
        RunDeadline deadline = null;
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), batch,
                new long[] {embeddings.length, dim});
             OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            deadline = RunDeadline.start(options, RUN_TIMEOUT);
            try (RunDeadline running = deadline;
                 OrtSession.Result result = session.run(Map.of(input, tensor), options)) {
                return (float[][]) result.get(output).orElseThrow().getValue();
            }
        } catch (OrtException | RuntimeException e) {
            throw new BrickExecutionException(manifest.id() + "@" + manifest.version() + (deadline != null
                    && deadline.expired() ? " did not answer " + embeddings.length + " rows within "
                    + RUN_TIMEOUT.toSeconds() + " s; the run was abandoned" : " failed to run: " + e.getMessage()), e);
        }
    }

    /**
     * @param what the graph, for the error message ("head graph", "key graph")
     * @throws MalformedBrickException when ONNX Runtime cannot load the bytes
     */
    static OrtSession open(BrickManifest manifest, byte[] onnx, String what) throws MalformedBrickException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            return OrtEnvironment.getEnvironment().createSession(onnx, options);
        } catch (OrtException e) {
            throw new MalformedBrickException(manifest.id() + "@" + manifest.version() + ": ONNX Runtime cannot load the "
                    + what + ": " + e.getMessage(), e);
        }
    }
}
