package dev.brickyard.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.base.adapter.AdapterFile;
import dev.brickyard.base.adapter.AdapterTensor;
import dev.brickyard.base.graph.ConfigurableGraph;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.base.graph.NeuronMask;
import dev.brickyard.base.graph.NeuronSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The configurable graph against the original, with real ONNX Runtime and the real base model. */
class ConfigurableBaseModelTest {
    private static BaseModel original;
    private static BaseModel configurable;

    @BeforeAll
    static void load() throws Exception {
        original = BaseModel.load(BaseModelVariant.FP32, 2);
        configurable = BaseModel.load(BaseModelVariant.FP32, 2, true, GraphOptions.full());
    }

    @AfterAll
    static void close() {
        original.close();
        configurable.close();
    }

    @Test
    void runsWithNothingActiveTakeTheUntouchedGraphAndTheRewrittenOneAgreesWithIt() throws Exception {
        try (BaseModel model = BaseModel.load(BaseModelVariant.FP32, 2, true, GraphOptions.serving())) {
            List<String> corpus = TokenizerCorpus.texts(40);
            float[][] plain = model.embed(corpus);
            assertFalse(model.configurableGraphLoaded(), "a run naming no inside brick loaded the rewritten graph");
            assertTrue(maxAbsDifference(original.embed(corpus), plain) <= 1e-6);
            double worst = 0;
            for (int i = 0; i < corpus.size(); i++) {
                float[] rewritten = model.activations(corpus.get(i), List.of(), NeuronMask.NONE).embedding();
                worst = Math.max(worst, maxAbsDifference(new float[][] {plain[i]}, new float[][] {rewritten}));
            }
            assertTrue(model.configurableGraphLoaded());
            assertTrue(worst <= 1e-5, "largest difference " + worst + " over " + corpus.size() + " texts");
        }
    }

    @Test
    void theInt8GraphCanBeRewrittenTooAndStillAgrees() throws Exception {
        try (BaseModel int8 = BaseModel.load(BaseModelVariant.INT8, 2);
             BaseModel int8Configurable = BaseModel.load(BaseModelVariant.INT8, 2, true, GraphOptions.full())) {
            List<String> texts = TokenizerCorpus.texts(10);
            // One text per run on both sides: int8's dynamic quantisation takes its scales from the whole run.
            float[][] plain = new float[texts.size()][];
            float[][] rewritten = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                plain[i] = int8.embed(texts.get(i));
                rewritten[i] = int8Configurable.activations(texts.get(i), List.of(), NeuronMask.NONE).embedding();
            }
            double difference = maxAbsDifference(plain, rewritten);
            assertTrue(difference <= 1e-5, "largest difference " + difference);
        }
    }

    @Test
    void activationsCoverEveryLayerTokenAndNeuron() throws Exception {
        String text = "Bricks are functional modules of a model.";
        FfnActivations activations = configurable.activations(text, List.of(), NeuronMask.NONE);
        int tokens = original.tokenizer().encode(text).length;
        assertEquals(tokens, activations.tokens().size());
        assertEquals("[CLS]", activations.tokens().get(0));
        assertEquals(LoraSite.LAYERS, activations.values().length);
        assertEquals(tokens, activations.values()[3].length);
        assertEquals(ConfigurableGraph.NEURONS, activations.values()[3][0].length);
        for (float[][] layer : activations.values()) {
            for (float[] token : layer) {
                for (float value : token) {
                    assertTrue(value >= -0.2f, "GELU never goes below -0.17: " + value);
                }
            }
        }
        assertArrayEquals(original.embed(text), activations.embedding(), 1e-6f);
    }

    @Test
    void masksApplyPerRow() throws Exception {
        List<String> texts = List.of("the cat sat on the mat", "a stock market report");
        NeuronSet wholeLayer = new NeuronSet(new TreeMap<>(Map.of(2, IntStream.range(0, 1536).toArray())));
        float[][] plain = original.embed(texts);

        float[][] keepAll = configurable.embed(texts, List.of(),
                List.of(NeuronMask.keepOnly(wholeLayer), NeuronMask.keepOnly(wholeLayer)));
        assertTrue(maxAbsDifference(plain, keepAll) <= 1e-6, "keeping every neuron changes nothing");

        float[][] mixed = configurable.embed(texts, List.of(), List.of(NeuronMask.ablate(wholeLayer), NeuronMask.NONE));
        assertArrayEquals(plain[1], mixed[1], 1e-6f, "the unmasked row is untouched");
        double moved = 1 - dot(plain[0], mixed[0]);
        assertTrue(moved > 0.01, "silencing a whole layer moves the embedding: " + moved);
        float[] alone = configurable.embed(texts.subList(0, 1), List.of(), List.of(NeuronMask.ablate(wholeLayer)))[0];
        assertArrayEquals(alone, mixed[0], 1e-5f, "a masked row does not depend on its batch");
    }

    @Test
    void anAdapterChangesTheEmbeddingOnlyWhileActive() throws Exception {
        LoraSite site = LoraSite.parse("layer.5.ffn_out");
        try (LoraAdapter adapter = LoraAdapter.load("test/random", randomAdapter(List.of(site), 4, 0.05f, 7),
                configurable.graph());
             LoraAdapter zero = LoraAdapter.load("test/zero", randomAdapter(List.of(site), 2, 0f, 1),
                     configurable.graph())) {
            List<String> texts = List.of("an adapter bends the model", "another sentence");
            float[][] plain = configurable.embed(texts);
            float[][] adapted = configurable.embed(texts, List.of(adapter), Collections.nCopies(2, NeuronMask.NONE));
            assertTrue(1 - dot(plain[0], adapted[0]) > 1e-4, "the adapter moved the embedding");
            assertTrue(maxAbsDifference(plain, configurable.embed(texts)) <= 1e-6, "inactive again afterwards");
            float[][] zeroed = configurable.embed(texts, List.of(zero), Collections.nCopies(2, NeuronMask.NONE));
            assertTrue(maxAbsDifference(plain, zeroed) <= 1e-6, "an all-zero adapter changes nothing");

            IncompatibleBrickException clash = assertThrows(IncompatibleBrickException.class,
                    () -> configurable.embed(texts, List.of(adapter, zero), Collections.nCopies(2, NeuronMask.NONE)));
            assertTrue(clash.getMessage().contains("both change LoRA site layer.5.ffn_out"), clash.getMessage());
        }
    }

    @Test
    void adaptersOnDifferentSitesApplyTogether() throws Exception {
        try (LoraAdapter first = LoraAdapter.load("test/first", randomAdapter(
                List.of(LoraSite.parse("layer.1.query")), 2, 0.05f, 3), configurable.graph());
             LoraAdapter second = LoraAdapter.load("test/second", randomAdapter(
                     List.of(LoraSite.parse("layer.4.ffn_in")), 3, 0.05f, 4), configurable.graph())) {
            List<String> text = List.of("two adapters at once");
            List<NeuronMask> none = List.of(NeuronMask.NONE);
            float[] both = configurable.embed(text, List.of(first, second), none)[0];
            float[] one = configurable.embed(text, List.of(first), none)[0];
            float[] other = configurable.embed(text, List.of(second), none)[0];
            assertTrue(1 - dot(both, one) > 1e-6 && 1 - dot(both, other) > 1e-6, "each adds its own change");
        }
    }

    @Test
    void anAdapterForASiteTheGraphLacksIsRefused() throws Exception {
        GraphOptions fewSites = new GraphOptions(Set.of(LoraSite.parse("layer.0.query")), false, false);
        IncompatibleBrickException refused = assertThrows(IncompatibleBrickException.class,
                () -> LoraAdapter.load("test/elsewhere", randomAdapter(List.of(LoraSite.parse("layer.3.value")), 2,
                        0.1f, 5), fewSites));
        assertTrue(refused.getMessage().contains("layer.3.value"), refused.getMessage());
    }

    @Test
    void siteListsNameSitesKindsAllOrNone() {
        assertEquals(36, LoraSite.parseList("all").size());
        assertEquals(Set.of(), LoraSite.parseList("none"));
        assertEquals(7, LoraSite.parseList("ffn_out, layer.2.query").size());
        assertEquals(LoraSite.parse("layer.2.query"), LoraSite.parseList("layer.2.query").first());
        assertThrows(IllegalArgumentException.class, () -> LoraSite.parseList("layer.6.query"));
        assertThrows(IllegalArgumentException.class, () -> LoraSite.parseList("mlp"));
    }

    @Test
    void outOfRangeNeuronsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new NeuronSet(new TreeMap<>(Map.of(1, new int[] {1536}))));
        assertThrows(IllegalArgumentException.class,
                () -> new NeuronSet(new TreeMap<>(Map.of(6, new int[] {0}))));
        assertThrows(IllegalArgumentException.class,
                () -> new NeuronSet(new TreeMap<>(Map.of(-1, new int[] {0}))));
    }

    static AdapterFile randomAdapter(List<LoraSite> sites, int rank, float scale, long seed) {
        Random random = new Random(seed);
        List<AdapterTensor> tensors = new ArrayList<>();
        for (LoraSite site : sites) {
            tensors.add(new AdapterTensor(site.parameterA(), new long[] {site.inputs(), rank},
                    randomValues(random, site.inputs() * rank, scale)));
            tensors.add(new AdapterTensor(site.parameterB(), new long[] {rank, site.outputs()},
                    randomValues(random, rank * site.outputs(), scale)));
        }
        return AdapterFile.of(1, tensors);
    }

    private static float[] randomValues(Random random, int count, float scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return values;
    }

    private static double maxAbsDifference(float[][] a, float[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
