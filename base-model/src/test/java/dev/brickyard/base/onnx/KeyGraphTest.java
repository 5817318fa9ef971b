package dev.brickyard.base.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyGraphTest {

    @Test
    void graphAnswersTheCosineSimilarityOfUnitInputsWithEveryKeyInOnnxRuntime() throws Exception {
        Random random = new Random(11);
        float[][] keys = gaussian(random, 5, 384, 3.0);
        float[][] inputs = gaussian(random, 4, 384, 1.0);
        for (float[] input : inputs) {
            normalise(input);
        }
        byte[] onnx = KeyGraph.of(keys, "test");
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor tensor = OnnxTensor.createTensor(environment, inputs);
             OrtSession.Result result = session.run(Map.of(KeyGraph.INPUT, tensor))) {
            float[][] scores = (float[][]) result.get(KeyGraph.OUTPUT).orElseThrow().getValue();
            for (int i = 0; i < inputs.length; i++) {
                float[] expected = new float[keys.length];
                for (int k = 0; k < keys.length; k++) {
                    float[] key = keys[k].clone();
                    normalise(key);
                    for (int d = 0; d < key.length; d++) {
                        expected[k] += inputs[i][d] * key[d];
                    }
                }
                assertArrayEquals(expected, scores[i], 1e-5f);
            }
        }
    }

    @Test
    void signatureAsOnnxRuntimeSeesItMatchesTheDeclaredOne() throws Exception {
        byte[] onnx = KeyGraph.of(gaussian(new Random(1), 7, 384, 1.0), "test");
        assertEquals(KeyGraph.signature(384, 7), OnnxSignature.of(onnx, "keys.onnx"));
    }

    @Test
    void refusesKeysWithoutADirection() {
        assertThrows(IllegalArgumentException.class, () -> KeyGraph.of(new float[][] {{1, 0}, {0, 0}}, "zero"));
        assertThrows(IllegalArgumentException.class, () -> KeyGraph.of(new float[0][], "none"));
    }

    private static float[][] gaussian(Random random, int rows, int width, double scale) {
        float[][] matrix = new float[rows][width];
        for (float[] row : matrix) {
            for (int d = 0; d < width; d++) {
                row[d] = (float) (random.nextGaussian() * scale);
            }
        }
        return matrix;
    }

    private static void normalise(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        for (int d = 0; d < vector.length; d++) {
            vector[d] = (float) (vector[d] / Math.sqrt(norm));
        }
    }
}
