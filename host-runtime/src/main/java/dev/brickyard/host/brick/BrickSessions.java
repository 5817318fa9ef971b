package dev.brickyard.host.brick;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.BrickManifest;
import dev.brickyard.api.MalformedBrickException;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Opens and runs the ONNX Runtime session of a brick's graph. One thread per session: brick graphs are tiny next to the base
 * model, and many bricks run side by side.
 */
final class BrickSessions {
    private BrickSessions() {
    }

    /**
     * Runs a brick graph that reads a batch of embeddings ({@code [batch, dim]}) and gives one row per input.
     *
     * @throws BrickExecutionException when a row is not {@code dim} wide or ONNX Runtime fails
     */
    static float[][] run(BrickManifest manifest, OrtSession session, float[][] embeddings)
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
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), batch,
                new long[] {embeddings.length, dim});
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return (float[][]) result.get(output).orElseThrow().getValue();
        } catch (OrtException | RuntimeException e) {
            throw new BrickExecutionException(manifest.id() + "@" + manifest.version() + " failed to run: "
                    + e.getMessage(), e);
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
