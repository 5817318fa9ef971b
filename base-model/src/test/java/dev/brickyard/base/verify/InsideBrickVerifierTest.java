package dev.brickyard.base.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.base.adapter.AdapterFile;
import dev.brickyard.base.fixtures.BrickJar;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifying the bricks that live inside the base model: adapters and neuron sets. */
class InsideBrickVerifierTest {
    @TempDir
    Path folder;

    private final BrickVerifier verifier = new BrickVerifier();

    @Test
    void aValidAdapterVerifies() throws Exception {
        Path jar = BrickJar.adapter("acme/terms", "1.0.0", 4, 0.01f, "layer.4.ffn_out", "layer.5.ffn_out")
                .writeTo(folder);
        VerifiedBrick brick = verifier.verify(jar);
        assertEquals(BrickKind.ADAPTER, brick.manifest().kind());
        assertEquals(Map.of("layer.4.ffn_out", 4, "layer.5.ffn_out", 4), brick.manifest().adapter().sites());
    }

    @Test
    void aDeclaredRankThatTheFileDoesNotHaveIsRefused() throws Exception {
        Path jar = BrickJar.adapter("acme/terms", "1.0.0", 4, 0.01f, "layer.5.ffn_out")
                .manifest(m -> BrickJar.adapterManifest("acme/terms", "1.0.0", Map.of("layer.5.ffn_out", 8)))
                .writeTo(folder);
        assertViolation(jar, "$.adapter.sites[\"layer.5.ffn_out\"]", "declared with rank 8");
    }

    @Test
    void aSiteTheFileChangesButTheManifestDoesNotDeclareIsRefused() throws Exception {
        Path jar = BrickJar.adapter("acme/terms", "1.0.0", 2, 0.01f, "layer.5.ffn_out", "layer.1.query")
                .manifest(m -> BrickJar.adapterManifest("acme/terms", "1.0.0", Map.of("layer.5.ffn_out", 2)))
                .writeTo(folder);
        assertViolation(jar, "$.adapter.sites", "layer.1.query, which is not declared");
    }

    @Test
    void aSiteTheBaseModelLacksIsRefused() throws Exception {
        Path jar = BrickJar.adapter("acme/terms", "1.0.0", 2, 0.01f, "layer.5.ffn_out")
                .manifest(m -> BrickJar.adapterManifest("acme/terms", "1.0.0", Map.of("layer.9.ffn_out", 2)))
                .writeTo(folder);
        assertViolation(jar, "$.adapter.sites[\"layer.9.ffn_out\"]", "out of range");
    }

    @Test
    void aCorruptAdapterFileIsRefused() throws Exception {
        BrickJar adapter = BrickJar.adapter("acme/terms", "1.0.0", 2, 0.01f, "layer.5.ffn_out");
        byte[] bytes = adapter.adapterFile().toBytes();
        Path jar = adapter.onnx(Arrays.copyOf(bytes, bytes.length / 2)).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.violations().stream().anyMatch(v -> v.path().startsWith("brick/adapter.onnx_adapter")),
                e.violations().toString());
    }

    @Test
    void aWrongShapeIsRefused() throws Exception {
        BrickJar adapter = BrickJar.adapter("acme/terms", "1.0.0", 2, 0.01f, "layer.5.ffn_in");
        AdapterFile wrong = AdapterFile.of(1, List.of(
                new dev.brickyard.base.adapter.AdapterTensor("lora.layer.5.ffn_in.A", new long[] {1536, 2},
                        new float[1536 * 2]),
                new dev.brickyard.base.adapter.AdapterTensor("lora.layer.5.ffn_in.B", new long[] {2, 384},
                        new float[2 * 384])));
        Path jar = adapter.adapterFile(wrong).writeTo(folder);
        assertViolation(jar, "$.weights", "expected [384, rank]");
    }

    @Test
    void nonFiniteWeightsAreRefused() throws Exception {
        BrickJar adapter = BrickJar.adapter("acme/terms", "1.0.0", 1, 0.01f, "layer.0.query");
        float[] values = new float[384];
        values[7] = Float.NaN;
        AdapterFile broken = AdapterFile.of(1, List.of(
                new dev.brickyard.base.adapter.AdapterTensor("lora.layer.0.query.A", new long[] {384, 1}, values),
                new dev.brickyard.base.adapter.AdapterTensor("lora.layer.0.query.B", new long[] {1, 384},
                        new float[384])));
        Path jar = adapter.adapterFile(broken).writeTo(folder);
        assertViolation(jar, "brick/adapter.onnx_adapter", "must be finite");
    }

    @Test
    void aValidNeuronBrickVerifies() throws Exception {
        Path jar = BrickJar.neurons("acme/quiet", "1.0.0", NeuronSelection.Mode.ABLATE, 3, 17, 42, 1535)
                .writeTo(folder);
        assertEquals(BrickKind.NEURONS, verifier.verify(jar).manifest().kind());
    }

    @Test
    void neuronsTheBaseModelLacksAreRefused() throws Exception {
        Path jar = BrickJar.neurons("acme/quiet", "1.0.0", NeuronSelection.Mode.ABLATE, 3, 17, 1536)
                .writeTo(folder);
        assertViolation(jar, "$.neurons.layers", "neuron 1536 of layer 3 is out of range");
        Path layer = BrickJar.neurons("acme/quiet", "1.0.1", NeuronSelection.Mode.KEEP_ONLY, 6, 1).writeTo(folder);
        assertViolation(layer, "$.neurons.layers", "layer 6 is out of range");
    }

    private void assertViolation(Path jar, String path, String message) {
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.violations().stream().anyMatch(v -> v.path().equals(path) && v.message().contains(message)),
                "expected " + path + ": ..." + message + "... in " + e.violations());
    }
}
