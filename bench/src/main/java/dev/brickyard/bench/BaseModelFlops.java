package dev.brickyard.bench;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.brickyard.base.onnx.GraphProtos;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * The arithmetic of all-MiniLM-L6-v2 and what this machine can do: floating-point operations per text, and the
 * rate of a plain fp32 matrix product in ONNX Runtime (the machine's practical peak for this kind of work).
 */
final class BaseModelFlops {
    private static final long LAYERS = 6;
    private static final long HIDDEN = 384;
    private static final long FFN = 1536;

    private BaseModelFlops() {
    }

    /**
     * Multiply-adds (counted as 2 operations) of one text of {@code tokens} tokens, unpadded: per layer and token
     * the Q, K, V and output projections (4 x 384 x 384) and the two FFN matrices (2 x 384 x 1,536), plus attention
     * scores and their weighted sum (2 x tokens x 384). Embedding lookups, layer norms, GELU and softmax are left
     * out (under 1 %).
     */
    static long perText(int tokens) {
        long perToken = 2 * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FFN) + 2 * 2 * tokens * HIDDEN;
        return LAYERS * tokens * perToken;
    }

    /**
     * GFLOP/s of ONNX Runtime's fp32 MatMul of two {@code size x size} matrices with {@code threads} intra-op
     * threads: the best of {@code runs} runs after warm-up.
     */
    static double matmulPeak(int size, int threads, int runs) throws Exception {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("matmul")
                .addInput(GraphProtos.floatValue("a", GraphProtos.fixed(size), GraphProtos.fixed(size)))
                .addInput(GraphProtos.floatValue("b", GraphProtos.fixed(size), GraphProtos.fixed(size)))
                .addOutput(GraphProtos.floatValue("c", GraphProtos.fixed(size), GraphProtos.fixed(size)))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").setName("product")
                        .addInput("a").addInput("b").addOutput("c"))
                .build();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        float[] values = new float[size * size];
        Random random = new Random(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        long[] shape = {size, size};
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            try (OrtSession session = environment.createSession(GraphProtos.model(graph, "bench"), options);
                 OnnxTensor a = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
                 OnnxTensor b = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape)) {
                long best = Long.MAX_VALUE;
                for (int run = -3; run < runs; run++) {
                    long start = System.nanoTime();
                    session.run(Map.of("a", a, "b", b)).close();
                    long took = System.nanoTime() - start;
                    if (run >= 0) {
                        best = Math.min(best, took);
                    }
                }
                return 2.0 * size * size * size / best;
            }
        }
    }
}
