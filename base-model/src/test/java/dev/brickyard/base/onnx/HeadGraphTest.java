package dev.brickyard.base.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.brickyard.base.fixtures.BrickJar;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadGraphTest {

    @Test
    void graphComputesSoftmaxOfTheAffineMapInOnnxRuntime() throws Exception {
        BrickJar head = BrickJar.head("acme/t", "1.0.0", "a", "b", "c");
        byte[] onnx = HeadGraph.linear(head.weights(), head.bias(), "test");
        float[][] inputs = new float[5][384];
        Random random = new Random(7);
        for (float[] row : inputs) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) random.nextGaussian() / 20;
            }
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor tensor = OnnxTensor.createTensor(environment, inputs);
             OrtSession.Result result = session.run(Map.of(HeadGraph.INPUT, tensor))) {
            float[][] probabilities = (float[][]) result.get(HeadGraph.OUTPUT).orElseThrow().getValue();
            for (int i = 0; i < inputs.length; i++) {
                assertArrayEquals(head.expectedProbabilities(inputs[i]), probabilities[i], 1e-5f);
            }
        }
    }

    @Test
    void signatureAsOnnxRuntimeSeesItMatchesTheDeclaredOne() throws Exception {
        byte[] onnx = HeadGraph.linear(new float[384][4], new float[4], "test");
        assertEquals(HeadGraph.signature(384, 4), OnnxSignature.of(onnx, "head.onnx"));
        assertEquals(List.of(-1L, 4L), OnnxSignature.of(onnx, "x").outputs().get(0).shape());
    }
}
