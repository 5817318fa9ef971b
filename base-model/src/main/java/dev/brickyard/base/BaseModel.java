package dev.brickyard.base;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.BaseModelRef;
import dev.brickyard.api.BrickException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 loaded in ONNX Runtime: texts in, L2-normalised mean-pooled 384-wide sentence embeddings out.
 * Thread-safe (ONNX Runtime sessions allow concurrent runs). Owns one native session; close it.
 */
public final class BaseModel implements AutoCloseable {
    /** The name bricks use for this base model, in {@code brick.json} and the {@code brick.base} capability. */
    public static final String NAME = "all-minilm-l6-v2";
    /** Width of the sentence embedding. */
    public static final int DIM = 384;

    private final BaseModelVariant variant;
    private final WordPieceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;

    private BaseModel(BaseModelVariant variant, WordPieceTokenizer tokenizer, OrtSession session) {
        this.variant = variant;
        this.tokenizer = tokenizer;
        this.environment = OrtEnvironment.getEnvironment();
        this.session = session;
    }

    /** Loads the full-precision model. */
    public static BaseModel load() throws BrickException {
        return load(BaseModelVariant.FP32);
    }

    /** Loads one variant of the model, using every core for each run. */
    public static BaseModel load(BaseModelVariant variant) throws BrickException {
        return load(variant, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads one variant of the model.
     *
     * @param intraOpThreads threads ONNX Runtime uses inside one run
     */
    public static BaseModel load(BaseModelVariant variant, int intraOpThreads) throws BrickException {
        return load(variant, intraOpThreads, true);
    }

    /**
     * Loads one variant of the model.
     *
     * @param intraOpThreads threads ONNX Runtime uses inside one run
     * @param spinWhileIdle whether ONNX Runtime's threads spin between runs: the lowest latency for one request at
     *                      a time, but on a small machine the spinning takes the CPU that concurrent requests and
     *                      other work need (measured by bench/HostServerBenchmark), so a server turns it off
     */
    public static BaseModel load(BaseModelVariant variant, int intraOpThreads, boolean spinWhileIdle)
            throws BrickException {
        try (InputStream tokenizerJson = variant.openTokenizer(); InputStream onnx = variant.openOnnx()) {
            WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(tokenizerJson);
            byte[] graph = onnx.readAllBytes();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(intraOpThreads);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                if (!spinWhileIdle) {
                    options.addConfigEntry("session.intra_op.allow_spinning", "0");
                }
                OrtSession session = OrtEnvironment.getEnvironment().createSession(graph, options);
                return new BaseModel(variant, tokenizer, session);
            }
        } catch (IOException e) {
            throw new BrickException("cannot read the base model " + variant + ": " + e.getMessage(), e);
        } catch (OrtException e) {
            throw new BrickException("ONNX Runtime cannot load the base model " + variant + ": " + e.getMessage(), e);
        }
    }

    public BaseModelVariant variant() {
        return variant;
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** What a brick built on this model writes in its manifest's {@code base} section. */
    public BaseModelRef reference() {
        return new BaseModelRef(NAME, DIM, variant.digest());
    }

    /** Embeds one text. */
    public float[] embed(String text) throws BrickException {
        return embed(List.of(text))[0];
    }

    /**
     * Embeds a batch of texts in one run: tokenise, pad to the longest, run, mean-pool over the attention mask,
     * L2-normalise.
     *
     * @return one row of {@link #DIM} floats per text
     */
    public float[][] embed(List<String> texts) throws BrickException {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        long[][] ids = new long[texts.size()][];
        int width = 0;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenizer.encode(texts.get(i));
            width = Math.max(width, ids[i].length);
        }
        int batch = ids.length;
        long[] inputIds = new long[batch * width];
        long[] mask = new long[batch * width];
        for (int row = 0; row < batch; row++) {
            System.arraycopy(ids[row], 0, inputIds, row * width, ids[row].length);
            for (int col = 0; col < ids[row].length; col++) {
                mask[row * width + col] = 1;
            }
        }
        long[] shape = {batch, width};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.allocate(batch * width), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                     "token_type_ids", typeTensor))) {
            FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
            return meanPoolAndNormalise(hidden, ids, width);
        } catch (OrtException e) {
            throw new BrickException("the base model failed to run: " + e.getMessage(), e);
        }
    }

    /** Mean over the real (unpadded) tokens of each row of {@code last_hidden_state [batch, width, DIM]}. */
    private static float[][] meanPoolAndNormalise(FloatBuffer hidden, long[][] ids, int width) {
        float[][] pooled = new float[ids.length][DIM];
        for (int row = 0; row < ids.length; row++) {
            int tokens = ids[row].length;
            float[] sum = pooled[row];
            for (int t = 0; t < tokens; t++) {
                int offset = (row * width + t) * DIM;
                for (int d = 0; d < DIM; d++) {
                    sum[d] += hidden.get(offset + d);
                }
            }
            double norm = 0;
            for (int d = 0; d < DIM; d++) {
                sum[d] /= tokens;
                norm += sum[d] * sum[d];
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < DIM; d++) {
                sum[d] *= scale;
            }
        }
        return pooled;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to close the base model session", e);
        }
    }
}
