package dev.brickyard.host.brick;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.BrickManifest;
import dev.brickyard.api.Classification;
import dev.brickyard.api.HeadBrick;
import dev.brickyard.api.MalformedBrickException;
import java.util.ArrayList;
import java.util.List;

/** A head brick running its ONNX graph in its own ONNX Runtime session (one thread: heads are tiny). */
public final class OrtHeadBrick implements HeadBrick {
    private final BrickManifest manifest;
    private final OrtSession session;
    private final long weightBytes;
    private volatile boolean closed;

    private OrtHeadBrick(BrickManifest manifest, OrtSession session, long weightBytes) {
        this.manifest = manifest;
        this.session = session;
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
        float[][] probabilities = BrickSessions.run(manifest, session, embeddings);
        List<Classification> classifications = new ArrayList<>(probabilities.length);
        for (float[] row : probabilities) {
            classifications.add(new Classification(manifest.labels(), row));
        }
        return classifications;
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
