package dev.brickyard.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.base.graph.NeuronMask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adapters and neuron bricks in a real host: they change the base model's run for the requests that name them, and
 * only for those, also when requests with different adapters arrive together.
 */
class InsideBricksTest {
    static final String TEXT = "Can I get an RMA for the torn tent?";
    static final BrickId ADAPTER = BrickId.parse("acme/terms");
    static final BrickId OTHER_SITE = BrickId.parse("acme/style");
    static final BrickId SAME_SITE = BrickId.parse("acme/clash");
    static final BrickId NEURONS = BrickId.parse("acme/quiet");
    static final BrickId HEAD = BrickId.parse("acme/sentiment");
    @TempDir
    static Path storage;
    @TempDir
    static Path jars;
    static final BrickJar TERMS = BrickJar.adapter("acme/terms", "1.0.0", 4, 0.05f, "layer.4.ffn_out",
            "layer.5.ffn_out");
    static BrickHost host;

    @BeforeAll
    static void open() throws Exception {
        host = BrickHost.open(new HostOptions(BaseModelVariant.FP32, storage).withGraph(GraphOptions.full()));
        host.install(TERMS.writeTo(jars));
        host.install(BrickJar.adapter("acme/style", "1.0.0", 2, 0.05f, "layer.1.query").writeTo(jars));
        host.install(BrickJar.adapter("acme/clash", "1.0.0", 2, 0.05f, "layer.5.ffn_out").writeTo(jars));
        host.install(BrickJar.neurons("acme/quiet", "1.0.0", NeuronSelection.Mode.KEEP_ONLY, 2, 1, 2, 3)
                .writeTo(jars));
        host.install(BrickJar.head("acme/sentiment", "1.0.0", "negative", "positive").writeTo(jars));
    }

    @AfterAll
    static void close() {
        host.close();
    }

    @AfterEach
    void nothingLeaks() {
        assertEquals(5, host.bricks().size());
    }

    @Test
    void anAdapterChangesOnlyTheRequestsThatNameIt() throws Exception {
        float[] plain = embed(List.of());
        float[] adapted = embed(List.of(ADAPTER));
        assertArrayEquals(host.baseModel().embed(TEXT), plain, 1e-6f, "no adapter named: the base model's embedding");
        assertTrue(1 - dot(plain, adapted) > 1e-4, "the adapter moved the embedding");
        try (LoraAdapter terms = LoraAdapter.load("terms", TERMS.adapterFile(), host.baseModel().graph())) {
            assertArrayEquals(direct(List.of(terms), NeuronMask.NONE), adapted, 1e-5f);
        }

        Inference inference = host.infer(request(List.of(ADAPTER), null, false)).get(0);
        assertEquals(List.of("acme/terms@1.0.0"), inference.applied().stream().map(Object::toString).toList());
        assertEquals(List.of(HEAD), inference.answers().stream().map(BrickAnswer::brick).toList(),
                "with no answering brick named, every head answers, on the adapted embedding");
        assertNull(inference.embedding());
    }

    @Test
    void adaptersOnDifferentSitesApplyTogetherButNotOnTheSameSite() throws Exception {
        float[] both = embed(List.of(ADAPTER, OTHER_SITE));
        assertTrue(1 - dot(both, embed(List.of(ADAPTER))) > 1e-6);
        assertArrayEquals(both, embed(List.of(OTHER_SITE, ADAPTER)), 1e-6f, "order does not matter");
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> embed(List.of(ADAPTER, SAME_SITE)));
        assertTrue(clash.getMessage().contains("both change LoRA site layer.5.ffn_out"), clash.getMessage());
    }

    @Test
    void aNeuronBrickMasksTheRowsOfItsRequest() throws Exception {
        float[] masked = embed(List.of(NEURONS));
        assertTrue(1 - dot(masked, embed(List.of())) > 1e-3, "keeping 3 of 1536 neurons of layer 2 changes a lot");
        assertArrayEquals(direct(List.of(), NeuronMask.of(new NeuronSelection(NeuronSelection.Mode.KEEP_ONLY,
                Map.of("2", List.of(1, 2, 3))))), masked, 1e-5f);
    }

    @Test
    void routingMayBeCombinedWithAdaptersButNotWithNamedAnsweringBricks() throws Exception {
        Inference routed = host.infer(request(List.of(ADAPTER), new InferenceRequest.Routing(1, -1f), false)).get(0);
        assertEquals(List.of(HEAD), routed.routes().stream().map(r -> r.brick()).toList(),
                "adapters and neuron bricks are never routed to");
        assertThrows(IllegalArgumentException.class,
                () -> host.infer(request(List.of(HEAD), new InferenceRequest.Routing(1, -1f), false)));
    }

    @Test
    void concurrentRequestsWithDifferentAdaptersEachGetTheirOwn() throws Exception {
        List<List<BrickId>> variants = List.of(List.of(), List.of(ADAPTER), List.of(OTHER_SITE),
                List.of(ADAPTER, OTHER_SITE), List.of(NEURONS), List.of(ADAPTER, NEURONS));
        List<float[]> expected = new ArrayList<>();
        for (List<BrickId> bricks : variants) {
            expected.add(embed(bricks));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int client = 0; client < 12; client++) {
                int offset = client;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        int v = (offset + i) % variants.size();
                        float[] got = embed(variants.get(v));
                        assertArrayEquals(expected.get(v), got, 1e-4f, "variant " + variants.get(v));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void activationsShowAMaskInTheLayersAfterIt() throws Exception {
        FfnActivations plain = host.activations(TEXT, List.of()).activations();
        ActivationReading reading = host.activations(TEXT, List.of(NEURONS));
        assertEquals(List.of("acme/quiet@1.0.0"), reading.applied().stream().map(Object::toString).toList());
        FfnActivations masked = reading.activations();
        assertArrayEquals(plain.values()[2][1], masked.values()[2][1], 1e-5f, "read before the mask");
        assertTrue(Math.abs(plain.values()[3][1][0] - masked.values()[3][1][0]) > 0
                || Math.abs(plain.values()[3][1][1] - masked.values()[3][1][1]) > 0, "later layers change");
        assertThrows(IllegalArgumentException.class, () -> host.activations(TEXT, List.of(HEAD)));
    }

    @Test
    void anAdapterForASiteTheHostLacksIsRefusedAndLeavesTheHostAsItWas(@TempDir Path folder) throws Exception {
        try (BrickHost small = BrickHost.open(HostOptions.defaults().withGraph(
                new GraphOptions(Set.of(LoraSite.parse("layer.0.query")), true, true)))) {
            Path jar = BrickJar.adapter("acme/elsewhere", "1.0.0", 2, 0.05f, "layer.3.value").writeTo(folder);
            IncompatibleBrickException refused = assertThrows(IncompatibleBrickException.class,
                    () -> small.install(jar));
            assertTrue(refused.getMessage().contains("layer.3.value"), refused.getMessage());
            assertEquals(List.of(), small.bricks());
            assertEquals(List.of(), small.osgiBundles());
            assertEquals(0, small.brickMemoryBytes());
        }
    }

    @Test
    void brokenInsideBricksAreRefusedAndLeaveTheHostAsItWas(@TempDir Path folder) throws Exception {
        List<InstalledBrick> before = host.bricks();
        List<String> bundles = host.osgiBundles();
        long memory = host.brickMemoryBytes();
        BrickJar corrupt = BrickJar.adapter("acme/corrupt", "1.0.0", 2, 0.05f, "layer.2.key");
        byte[] bytes = corrupt.adapterFile().toBytes();
        bytes[bytes.length / 2] ^= 0x5A;
        bytes[12] ^= 0x7F;
        List<Path> broken = List.of(
                corrupt.onnx(java.util.Arrays.copyOf(bytes, bytes.length - 40)).writeTo(folder, "corrupt"),
                BrickJar.adapter("acme/rank", "1.0.0", 2, 0.05f, "layer.2.key")
                        .manifest(m -> BrickJar.adapterManifest("acme/rank", "1.0.0", Map.of("layer.2.key", 4)))
                        .writeTo(folder, "rank"),
                BrickJar.neurons("acme/range", "1.0.0", NeuronSelection.Mode.ABLATE, 2, 1536).writeTo(folder, "range"));
        for (Path jar : broken) {
            assertThrows(dev.brickyard.api.MalformedBrickException.class, () -> host.install(jar), jar.toString());
            assertEquals(before, host.bricks());
            assertEquals(bundles, host.osgiBundles());
            assertEquals(memory, host.brickMemoryBytes());
        }
    }

    @Test
    void adapterMemoryIsCountedAndFreed(@TempDir Path folder) throws Exception {
        long before = host.brickMemoryBytes();
        InstalledBrick extra = host.install(BrickJar.adapter("acme/extra", "1.0.0", 8, 0.01f, "layer.0.ffn_in")
                .writeTo(folder));
        assertEquals((384 * 8 + 8 * 1536) * 4, extra.weightBytes());
        assertEquals(before + extra.weightBytes(), host.brickMemoryBytes());
        host.uninstall(extra.id());
        assertEquals(before, host.brickMemoryBytes());
    }

    private static InferenceRequest request(List<BrickId> bricks, InferenceRequest.Routing route, boolean embedding) {
        return new InferenceRequest(List.of(TEXT), bricks, route, Map.of(), InferenceRequest.DEFAULT_LOOKUP,
                embedding);
    }

    private static float[] embed(List<BrickId> bricks) throws Exception {
        return host.infer(request(bricks, null, true)).get(0).embedding();
    }

    /** The embedding straight from the base model. */
    private static float[] direct(List<LoraAdapter> adapters, NeuronMask mask) throws Exception {
        return host.baseModel().embed(List.of(TEXT), adapters, List.of(mask))[0];
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
