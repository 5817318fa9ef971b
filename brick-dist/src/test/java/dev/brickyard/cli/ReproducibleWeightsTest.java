package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.base.BaseModel;
import dev.brickyard.tools.data.LabelledText;
import dev.brickyard.tools.data.LabelledTsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed weights of each example brick come from its committed data: running the command its card gives
 * reproduces the metrics and, up to floating-point noise of the base model, the weights' outputs.
 */
class ReproducibleWeightsTest {
    static final Path BUNDLES = Path.of("..", "bundles");
    @TempDir
    static Path work;
    static BaseModel baseModel;

    @BeforeAll
    static void load() throws Exception {
        baseModel = BaseModel.load();
    }

    @AfterAll
    static void close() {
        baseModel.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sentiment", "topic", "emotion"})
    void retrainingFromTheDataReproducesTheCommittedBrick(String name) throws Exception {
        Path committed = BUNDLES.resolve(name).resolve("brick");
        Path retrained = Files.createDirectories(work.resolve(name));
        Files.copy(committed.resolve("brick.json"), retrained.resolve("brick.json"));
        Path data = BUNDLES.resolve(name).resolve("data");
        CliRun run = CliRun.of("train", "head", "--data", data.resolve("train.tsv").toString(), "--heldout",
                data.resolve("heldout.tsv").toString(), "--out", retrained.toString());
        assertEquals(0, run.exitCode(), run.toString());

        BrickManifest before = ManifestJson.read(Files.readAllBytes(committed.resolve("brick.json")));
        BrickManifest after = ManifestJson.read(Files.readAllBytes(retrained.resolve("brick.json")));
        assertEquals(before.metrics(), after.metrics());
        assertEquals(before.labels(), after.labels());

        List<String> texts = LabelledTsv.read(data.resolve("heldout.tsv")).stream().map(LabelledText::text).toList();
        float[][] embeddings = baseModel.embed(texts);
        float[][] expected = run(committed.resolve("head.onnx"), embeddings);
        float[][] actual = run(retrained.resolve("head.onnx"), embeddings);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < expected[i].length; k++) {
                worst = Math.max(worst, Math.abs(expected[i][k] - actual[i][k]));
            }
        }
        assertTrue(worst < 1e-3, name + ": retrained probabilities differ by up to " + worst);
    }

    private static float[][] run(Path onnx, float[][] embeddings) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(environment, embeddings);
             OrtSession.Result result = session.run(Map.of("embedding", input))) {
            return (float[][]) result.get(0).getValue();
        }
    }
}
