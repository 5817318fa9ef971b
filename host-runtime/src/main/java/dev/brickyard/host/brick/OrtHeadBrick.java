package dev.brickyard.host.brick;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.BrickManifest;
import dev.brickyard.api.Classification;
import dev.brickyard.api.HeadBrick;
import dev.brickyard.api.MalformedBrickException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A head brick running its ONNX graph in its own ONNX Runtime session (one thread: heads are tiny). */
public final class OrtHeadBrick implements HeadBrick {
    private final BrickManifest manifest;
    private final OrtSession session;
    private final String input;
    private final String output;
    private final int dim;
    private final long weightBytes;
    private volatile boolean closed;

    private OrtHeadBrick(BrickManifest manifest, OrtSession session, long weightBytes) {
        this.manifest = manifest;
        this.session = session;
        this.input = manifest.io().inputs().get(0).name();
        this.output = manifest.io().outputs().get(0).name();
        this.dim = manifest.base().dim();
        this.weightBytes = weightBytes;
    }

    /**
     * Loads a head's graph.
     *
     * @throws MalformedBrickException when ONNX Runtime cannot load the bytes
     */
    public static OrtHeadBrick load(BrickManifest manifest, byte[] onnx) throws MalformedBrickException {
        return new OrtHeadBrick(manifest, BrickSessions.open(manifest, onnx, "head graph"), onnx.length);
    }

    @Override
    public BrickManifest manifest() {
        return manifest;
    }

    @Override
    public long weightBytes() {
        return weightBytes;
    }

    @Override
    public List<Classification> classify(float[][] embeddings) throws BrickExecutionException {
        if (closed) {
            throw new BrickExecutionException(manifest.id() + " is unloaded", null);
        }
        FloatBuffer batch = FloatBuffer.allocate(embeddings.length * dim);
        for (float[] row : embeddings) {
            if (row.length != dim) {
                throw new BrickExecutionException(manifest.id() + " reads " + dim + "-wide embeddings, got "
                        + row.length, null);
            }
            batch.put(row);
        }
        batch.flip();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, batch, new long[] {embeddings.length, dim});
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            float[][] probabilities = (float[][]) result.get(output).orElseThrow().getValue();
            List<Classification> classifications = new ArrayList<>(probabilities.length);
            for (float[] row : probabilities) {
                classifications.add(new Classification(manifest.labels(), row));
            }
            return classifications;
        } catch (OrtException | RuntimeException e) {
            throw new BrickExecutionException(manifest.id() + "@" + manifest.version() + " failed to run: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
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
}
