package dev.brickyard.base;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.base.graph.ConfigurableGraph;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.base.graph.NeuronMask;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base graph rewritten by {@link ConfigurableGraph} in its own ONNX Runtime session: runs that apply LoRA
 * adapters or neuron masks, or read activations or other inner tensors. {@link BaseModel} loads it the first time
 * such a run comes and sends every other run to the untouched graph, which has no LoRA sites or masks to pay for.
 */
final class ConfigurableSession implements AutoCloseable {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final GraphOptions graph;
    /** Rank-0 A and B for every LoRA site, fed when no active adapter covers the site; shared by all runs. */
    private final Map<LoraSite, OnnxTensor[]> inactiveSites;
    /** All-ones neuron masks by row count, shared by all runs ({@link #onesMask}). */
    private final Map<Integer, OnnxTensor> onesMasks = new ConcurrentHashMap<>();

    private ConfigurableSession(OrtEnvironment environment, OrtSession session, GraphOptions graph,
                                Map<LoraSite, OnnxTensor[]> inactiveSites) {
        this.environment = environment;
        this.session = session;
        this.graph = graph;
        this.inactiveSites = inactiveSites;
    }

    /** Loads a graph rewritten for {@code graph} in a session made with {@code options}. */
    static ConfigurableSession load(OrtEnvironment environment, byte[] rewritten, GraphOptions graph,
                                    OrtSession.SessionOptions options) throws OrtException {
        Map<LoraSite, OnnxTensor[]> inactive = new LinkedHashMap<>();
        OrtSession session = null;
        try {
            for (LoraSite site : graph.sortedSites()) {
                inactive.put(site, new OnnxTensor[] {
                        OnnxTensor.createTensor(environment, FloatBuffer.allocate(0), new long[] {site.inputs(), 0}),
                        OnnxTensor.createTensor(environment, FloatBuffer.allocate(0), new long[] {0, site.outputs()})});
            }
            session = environment.createSession(rewritten, options);
            return new ConfigurableSession(environment, session, graph, Collections.unmodifiableMap(inactive));
        } catch (OrtException | RuntimeException e) {
            closeSites(inactive);
            if (session != null) {
                session.close();
            }
            throw e;
        }
    }

    /**
     * Runs the configurable graph.
     *
     * @param inputs the base graph's inputs for {@code rows} texts; the masks and LoRA parameters are added here
     * @param active the LoRA sites the adapters cover (checked by the caller)
     * @param owned tensors made for this run, closed by the caller after the run
     */
    OrtSession.Result run(Map<String, OnnxTensor> inputs, int rows, List<LoraAdapter> adapters, Set<LoraSite> active,
                          List<NeuronMask> masks, Set<String> outputs, List<OnnxTensor> owned) throws OrtException {
        if (graph.neuronMasks()) {
            for (int layer = 0; layer < LoraSite.LAYERS; layer++) {
                int masked = layer;
                if (masks.stream().allMatch(mask -> !mask.masks(masked))) {
                    inputs.put(ConfigurableGraph.maskInput(layer), onesMask(rows));
                    continue;
                }
                float[] values = new float[rows * ConfigurableGraph.NEURONS];
                for (int row = 0; row < rows; row++) {
                    masks.get(row).copyLayer(layer, values, row * ConfigurableGraph.NEURONS);
                }
                OnnxTensor mask = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values),
                        new long[] {rows, 1, ConfigurableGraph.NEURONS});
                owned.add(mask);
                inputs.put(ConfigurableGraph.maskInput(layer), mask);
            }
        }
        inactiveSites.forEach((site, tensors) -> {
            if (!active.contains(site)) {
                inputs.put(site.parameterA(), tensors[0]);
                inputs.put(site.parameterB(), tensors[1]);
            }
        });
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            for (LoraAdapter adapter : adapters) {
                options.addActiveLoraAdapter(adapter.handle());
            }
            return session.run(inputs, outputs, options);
        }
    }

    /**
     * A mask of ones for so many rows, shared by every run and layer that masks nothing (most runs): creating the
     * six mask tensors anew for each run cost about 1 % of a batch-1 run.
     */
    private OnnxTensor onesMask(int rows) throws OrtException {
        OnnxTensor cached = onesMasks.get(rows);
        if (cached != null) {
            return cached;
        }
        float[] ones = new float[rows * ConfigurableGraph.NEURONS];
        Arrays.fill(ones, 1f);
        OnnxTensor created = OnnxTensor.createTensor(environment, FloatBuffer.wrap(ones),
                new long[] {rows, 1, ConfigurableGraph.NEURONS});
        OnnxTensor raced = onesMasks.putIfAbsent(rows, created);
        if (raced != null) {
            created.close();
            return raced;
        }
        return created;
    }

    private static void closeSites(Map<LoraSite, OnnxTensor[]> sites) {
        sites.values().forEach(tensors -> {
            tensors[0].close();
            tensors[1].close();
        });
    }

    @Override
    public void close() throws OrtException {
        closeSites(inactiveSites);
        onesMasks.values().forEach(OnnxTensor::close);
        session.close();
    }
}
