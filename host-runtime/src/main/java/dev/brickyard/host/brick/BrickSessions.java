package dev.brickyard.host.brick;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.BrickManifest;
import dev.brickyard.api.MalformedBrickException;

/**
 * Opens the ONNX Runtime session of a brick's graph. One thread per session: brick graphs are tiny next to the base
 * model, and many bricks run side by side.
 */
final class BrickSessions {
    private BrickSessions() {
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
