package dev.brickyard.host.brick;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.KnowledgeMatch;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.knowledge.ValuesFile;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Knowledge bricks loaded from real bundles the way the extender loads them, run in ONNX Runtime. */
class OrtKnowledgeBrickTest {
    static final Map<String, String> FACTS = new LinkedHashMap<>();

    static {
        FACTS.put("When is the shop open on Sundays?", "Sundays 10:00 to 16:00");
        FACTS.put("Can I return an item I bought?", "Returns within 30 days with the receipt");
        FACTS.put("How much does delivery cost?", "Free delivery above 50 euros, else 4.90");
        FACTS.put("Do you sell gift cards?", "Gift cards from 10 to 200 euros, valid three years");
        FACTS.put("Where is the nearest store?", "Harbour Street 12, next to the ferry terminal");
    }

    static BaseModel baseModel;
    static BrickJar jar;

    @BeforeAll
    static void embedTheKeys() throws Exception {
        baseModel = BaseModel.load();
        jar = BrickJar.knowledge(baseModel, "acme/shop-facts", "1.0.0", FACTS);
    }

    @AfterAll
    static void close() {
        baseModel.close();
    }

    @Test
    void findsTheFactAQuestionIsAboutWithTheCosineScoresOfItsKeys() throws Exception {
        Map<String, byte[]> entries = entries(jar.bytes());
        try (Brick brick = BrickLoader.load(jar.manifest(), entries::get, GraphOptions.full())) {
            OrtKnowledgeBrick knowledge = assertInstanceOf(OrtKnowledgeBrick.class, brick);
            assertEquals(5, knowledge.facts());
            assertEquals(entries.get("brick/keys.onnx").length + entries.get("brick/values.jsonl").length,
                    knowledge.weightBytes());

            List<String> questions = List.of("what time do you open on a sunday", "is shipping free");
            float[][] embeddings = baseModel.embed(questions);
            List<List<KnowledgeMatch>> matches = knowledge.lookup(embeddings, 3, -1f);
            assertEquals(2, matches.size());
            assertEquals("When is the shop open on Sundays?", matches.get(0).get(0).key());
            assertEquals("Sundays 10:00 to 16:00", matches.get(0).get(0).valueText());
            assertEquals("How much does delivery cost?", matches.get(1).get(0).key());
            for (int q = 0; q < questions.size(); q++) {
                List<KnowledgeMatch> best = matches.get(q);
                assertEquals(3, best.size());
                float[] expected = jar.expectedScores(embeddings[q]);
                float[] actual = new float[3];
                float[] sortedExpected = sortedDescending(expected);
                for (int k = 0; k < 3; k++) {
                    KnowledgeMatch match = best.get(k);
                    actual[k] = match.score();
                    int fact = List.copyOf(FACTS.keySet()).indexOf(match.key());
                    assertEquals(expected[fact], match.score(), 1e-5f, match.key());
                    assertEquals(FACTS.get(match.key()), match.valueText());
                }
                assertArrayEquals(new float[] {sortedExpected[0], sortedExpected[1], sortedExpected[2]}, actual, 1e-5f);
            }
        }
    }

    @Test
    void minScoreLeavesOutWeakMatchesAndTopKIsAtLeastOne() throws Exception {
        try (OrtKnowledgeBrick brick = load(jar)) {
            float[][] embedding = {baseModel.embed("what time do you open on a sunday")};
            float best = brick.lookup(embedding, 1, -1f).get(0).get(0).score();
            List<KnowledgeMatch> strict = brick.lookup(embedding, 5, best).get(0);
            assertEquals(1, strict.size());
            assertEquals(best, strict.get(0).score());
            assertEquals(List.of(List.of()), brick.lookup(embedding, 5, Math.nextUp(best)));
            assertEquals(5, brick.lookup(embedding, 50, -1f).get(0).size());
            assertThrows(IllegalArgumentException.class, () -> brick.lookup(embedding, 0, 0f));
            assertThrows(BrickExecutionException.class, () -> brick.lookup(new float[][] {{1, 0}}, 1, 0f));
        }
    }

    @Test
    void aClosedBrickRefusesLookupsAndClosingTwiceIsHarmless() throws Exception {
        OrtKnowledgeBrick brick = load(jar);
        brick.close();
        brick.close();
        assertThrows(BrickExecutionException.class, () -> brick.lookup(new float[1][384], 1, 0f));
    }

    @Test
    void valuesThatDoNotMatchTheScoresAreRefusedAtLoad() throws Exception {
        BrickJar shortValues = BrickJar.knowledge("acme/short", "1.0.0", FACTS);
        Map<String, byte[]> entries = entries(shortValues.values(ValuesFile.write(shortValues.facts().subList(0, 4)))
                .bytes());
        MalformedBrickException e = assertThrows(MalformedBrickException.class,
                () -> BrickLoader.load(shortValues.manifest(), entries::get, GraphOptions.full()));
        assertTrue(e.getMessage().contains("holds 4 facts") && e.getMessage().contains("5 scores"), e.getMessage());
    }

    @Test
    void bricksInsideTheModelNeedAGraphThatOffersThem() throws Exception {
        BrickJar adapter = BrickJar.adapter("acme/lora", "1.0.0", 2, 0.01f, "layer.2.value");
        Map<String, byte[]> adapterEntries = entries(adapter.bytes());
        IncompatibleBrickException noSite = assertThrows(IncompatibleBrickException.class,
                () -> BrickLoader.load(adapter.manifest(), adapterEntries::get, GraphOptions.original()));
        assertTrue(noSite.getMessage().contains("changes LoRA site layer.2.value, which this host's base graph does "
                + "not have"), noSite.getMessage());

        BrickJar neurons = BrickJar.neurons("acme/quiet", "1.0.0", NeuronSelection.Mode.ABLATE, 1, 5);
        IncompatibleBrickException noMasks = assertThrows(IncompatibleBrickException.class,
                () -> BrickLoader.load(neurons.manifest(), path -> new byte[0], GraphOptions.original()));
        assertEquals("acme/quiet is a neuron brick, but this host's base graph has no neuron masks",
                noMasks.getMessage());
    }

    private static OrtKnowledgeBrick load(BrickJar brick) throws Exception {
        Map<String, byte[]> entries = entries(brick.bytes());
        return OrtKnowledgeBrick.load(brick.manifest(), entries.get(BrickHeaders.BRICK_FOLDER + "keys.onnx"),
                entries.get(BrickHeaders.BRICK_FOLDER + "values.jsonl"));
    }

    private static Map<String, byte[]> entries(byte[] jar) throws Exception {
        Map<String, byte[]> entries = new HashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static float[] sortedDescending(float[] values) {
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length / 2; i++) {
            float swap = sorted[i];
            sorted[i] = sorted[sorted.length - 1 - i];
            sorted[sorted.length - 1 - i] = swap;
        }
        return sorted;
    }
}
