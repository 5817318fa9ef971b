package dev.brickyard.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.WordPieceTokenizer;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;

/**
 * The anchor: the same base model ONNX and the same head ONNX driven directly through ONNX Runtime with the
 * fewest possible steps (tokenise, one run, mean-pool, one head run), no host, no OSGi, no locks.
 */
final class RawOnnxPipeline implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final WordPieceTokenizer tokenizer;
    private final OrtSession base;
    private final OrtSession head;

    RawOnnxPipeline(String baseResource, String tokenizerResource, byte[] headOnnx, int threads) throws Exception {
        try (InputStream json = resource(tokenizerResource); InputStream onnx = resource(baseResource);
             OrtSession.SessionOptions baseOptions = new OrtSession.SessionOptions();
             OrtSession.SessionOptions headOptions = new OrtSession.SessionOptions()) {
            tokenizer = WordPieceTokenizer.fromJson(json);
            baseOptions.setIntraOpNumThreads(threads);
            baseOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            base = environment.createSession(onnx.readAllBytes(), baseOptions);
            headOptions.setIntraOpNumThreads(1);
            head = environment.createSession(headOnnx, headOptions);
        }
    }

    private static InputStream resource(String name) {
        return RawOnnxPipeline.class.getClassLoader().getResourceAsStream(name);
    }

    /** How many tokens the base model sees for this text. */
    int tokens(String text) {
        return tokenizer.encode(text).length;
    }

    /** Probabilities of the head for each text. */
    float[][] classify(List<String> texts) throws OrtException {
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
            java.util.Arrays.fill(mask, row * width, row * width + ids[row].length, 1L);
        }
        long[] shape = {batch, width};
        float[][] pooled = new float[batch][BaseModel.DIM];
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor types = OnnxTensor.createTensor(environment, LongBuffer.allocate(batch * width), shape);
             OrtSession.Result result = base.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                     "token_type_ids", types))) {
            FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
            for (int row = 0; row < batch; row++) {
                double norm = 0;
                for (int t = 0; t < ids[row].length; t++) {
                    int offset = (row * width + t) * BaseModel.DIM;
                    for (int d = 0; d < BaseModel.DIM; d++) {
                        pooled[row][d] += hidden.get(offset + d);
                    }
                }
                for (int d = 0; d < BaseModel.DIM; d++) {
                    norm += pooled[row][d] * pooled[row][d];
                }
                float scale = (float) (1 / Math.sqrt(norm));
                for (int d = 0; d < BaseModel.DIM; d++) {
                    pooled[row][d] *= scale;
                }
            }
        }
        try (OnnxTensor input = OnnxTensor.createTensor(environment, pooled);
             OrtSession.Result result = head.run(Map.of("embedding", input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    @Override
    public void close() throws OrtException {
        head.close();
        base.close();
    }
}
