package dev.brickyard.host.brick;

import ai.onnxruntime.OrtSession;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.Classification;
import dev.brickyard.api.HeadBrick;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickManifest;
import java.util.ArrayList;
import java.util.List;

/** A head brick running its ONNX graph in its own ONNX Runtime session (one thread: heads are tiny). */
public final class OrtHeadBrick extends OrtBrick implements HeadBrick {
    private OrtHeadBrick(BrickManifest manifest, OrtSession session, long weightBytes) {
        super(manifest, session, weightBytes);
    }

    /**
     * Loads a head's graph.
     *
     * @throws MalformedBrickException when ONNX Runtime cannot load the bytes
     */
    public static OrtHeadBrick load(BrickManifest manifest, byte[] onnx) throws MalformedBrickException {
        return new OrtHeadBrick(manifest, open(manifest, onnx, "head graph"), onnx.length);
    }

    @Override
    public List<Classification> classify(float[][] embeddings) throws BrickExecutionException {
        float[][] probabilities = run(embeddings);
        List<Classification> classifications = new ArrayList<>(probabilities.length);
        for (float[] row : probabilities) {
            classifications.add(new Classification(manifest().labels(), row));
        }
        return classifications;
    }
}
