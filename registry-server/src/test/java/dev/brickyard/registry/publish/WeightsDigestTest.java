package dev.brickyard.registry.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.onnx.HeadGraph;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes two bricks' weights the same for copy detection, on real bundles. */
class WeightsDigestTest {
    private static final BrickJar ORIGINAL = BrickJar.head("acme/sentiment", "1.0.0", "negative", "positive");

    @TempDir
    Path folder;

    @Test
    void theSameWeightsInAnotherFileHaveTheSameDigest() throws Exception {
        byte[] originalGraph = HeadGraph.linear(ORIGINAL.weights(), ORIGINAL.bias(), "acme/sentiment");
        byte[] copiedGraph = HeadGraph.linear(ORIGINAL.weights(), ORIGINAL.bias(), "evil/sentiment");
        OnnxMl.ModelProto.Builder renamed = OnnxMl.ModelProto.parseFrom(copiedGraph).toBuilder();
        renamed.getGraphBuilder().getInitializerBuilder(0).setName("renamed").setDocString("mine");
        BrickJar copy = BrickJar.head("evil/sentiment", "1.0.0", "negative", "positive").onnx(copiedGraph);
        BrickJar renamedCopy = BrickJar.head("evil/sentiment", "1.0.1", "negative", "positive")
                .onnx(renamed.build().toByteArray());

        assertFalse(Arrays.equals(originalGraph, copiedGraph), "the files differ: the graph names its producer");
        Optional<String> digest = digest(ORIGINAL);
        assertTrue(digest.orElseThrow().matches("sha256:[0-9a-f]{64}"), digest.toString());
        assertEquals(digest, digest(copy));
        assertEquals(digest, digest(renamedCopy), "tensor names and doc strings are not weights");
    }

    @Test
    void otherWeightsHaveAnotherDigest() throws Exception {
        assertNotEquals(digest(ORIGINAL), digest(BrickJar.head("acme/sentiment", "1.1.0", "negative", "positive")));
    }

    @Test
    void aKnowledgeBrickCountsItsKeysAndItsValues() throws Exception {
        Map<String, String> facts = Map.of("opening hours", "9 to 5", "returns", "within 30 days");
        Optional<String> faq = digest(BrickJar.knowledge("acme/faq", "1.0.0", facts));

        assertTrue(faq.isPresent());
        assertNotEquals(faq, digest(BrickJar.knowledge("acme/faq", "1.0.0",
                Map.of("opening hours", "9 to 6", "returns", "within 30 days"))), "other values");
        assertNotEquals(faq, digest(BrickJar.knowledge("evil/faq", "1.0.0", facts)), "other keys");
    }

    @Test
    void aNeuronBrickHasNoWeightsToCompare() throws Exception {
        assertEquals(Optional.empty(), digest(BrickJar.neurons("acme/neurons", "1.0.0",
                NeuronSelection.Mode.ABLATE, 3, 17, 42)));
    }

    private Optional<String> digest(BrickJar brick) throws Exception {
        Path bundle = brick.writeTo(folder, brick.manifest().id().replace('/', '.') + "-" + brick.manifest().version());
        return WeightsDigest.of(bundle, brick.manifest());
    }
}
