package dev.brickyard.base.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.IoSpec;
import dev.brickyard.api.manifest.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads what an ONNX graph takes and gives by loading it in ONNX Runtime, the way a host would. */
public final class OnnxSignature {
    private OnnxSignature() {
    }

    /**
     * Loads the graph in a throw-away session and reports its tensors; dynamic dimensions come out as -1.
     *
     * @param where names the graph in error messages, e.g. the archive entry
     * @throws MalformedBrickException when ONNX Runtime cannot load the bytes
     */
    public static IoSpec of(byte[] onnx, String where) throws MalformedBrickException {
        try (OrtSession session = open(onnx, where)) {
            return of(session);
        } catch (OrtException e) {
            throw new MalformedBrickException(where + ": ONNX Runtime cannot read the loaded graph's tensors: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Loads the graph in a one-thread session for checks (signature, probe runs); the caller closes it.
     *
     * @throws MalformedBrickException when ONNX Runtime cannot load the bytes
     */
    public static OrtSession open(byte[] onnx, String where) throws MalformedBrickException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            return OrtEnvironment.getEnvironment().createSession(onnx, options);
        } catch (OrtException e) {
            throw new MalformedBrickException(where + " is not an ONNX graph ONNX Runtime can load: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /** The tensors of a loaded graph; dynamic dimensions come out as -1. */
    public static IoSpec of(OrtSession session) throws OrtException {
        return new IoSpec(tensors(session.getInputInfo()), tensors(session.getOutputInfo()));
    }

    private static List<TensorSpec> tensors(Map<String, NodeInfo> infos) {
        List<TensorSpec> tensors = new ArrayList<>();
        for (NodeInfo info : infos.values()) {
            if (info.getInfo() instanceof TensorInfo tensor) {
                List<Long> shape = new ArrayList<>();
                for (long dim : tensor.getShape()) {
                    shape.add(dim < 0 ? -1L : dim);
                }
                String dtype = tensor.type == OnnxJavaType.FLOAT ? TensorSpec.FLOAT32
                        : tensor.type.toString().toLowerCase(java.util.Locale.ROOT);
                tensors.add(new TensorSpec(info.getName(), dtype, shape));
            } else {
                tensors.add(new TensorSpec(info.getName(), "non-tensor", List.of()));
            }
        }
        return tensors;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
