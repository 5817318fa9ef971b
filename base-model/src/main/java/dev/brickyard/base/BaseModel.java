package dev.brickyard.base;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.base.graph.ConfigurableGraph;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.base.graph.NeuronMask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * all-MiniLM-L6-v2 loaded in ONNX Runtime: texts in, L2-normalised mean-pooled 384-wide sentence embeddings out.
 * Thread-safe (ONNX Runtime sessions allow concurrent runs). Owns native sessions; close it.
 *
 * <p>Texts are embedded in runs of similar length ({@link LengthBatches}), so that a short text does not pay for
 * the padding of a long one. Loaded with {@link GraphOptions} other than the original, the model also offers a
 * graph rewritten by {@link ConfigurableGraph} ({@link ConfigurableSession}), so that bricks inside the model apply
 * per run: LoRA adapters (ONNX Runtime's multi-LoRA, one session for all) and neuron masks (one per input row); its
 * FFN activations can be read. Only runs that use one of those go to the rewritten graph, which is loaded the first
 * time one comes; every other run takes the untouched graph and pays for nothing it does not use.
 */
public final class BaseModel implements AutoCloseable {
    /** The name bricks use for this base model, in {@code brick.json} and the {@code brick.base} capability. */
    public static final String NAME = "all-minilm-l6-v2";
    /** Width of the sentence embedding. */
    public static final int DIM = 384;
    /** The most texts in one run of the graph: a larger request is embedded in several. */
    public static final int MAX_ROWS_PER_RUN = 32;

    private final BaseModelVariant variant;
    private final WordPieceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession plain;
    private final GraphOptions graph;
    private final int intraOpThreads;
    private final boolean spinWhileIdle;
    private final Object configurableLock = new Object();
    /** The rewritten graph, once a run has needed it; null before, and always for the original graph. */
    private volatile ConfigurableSession configurable;
    private volatile boolean closed;

    private BaseModel(BaseModelVariant variant, WordPieceTokenizer tokenizer, OrtSession plain, GraphOptions graph,
                      int intraOpThreads, boolean spinWhileIdle) {
        this.variant = variant;
        this.tokenizer = tokenizer;
        this.environment = OrtEnvironment.getEnvironment();
        this.plain = plain;
        this.graph = graph;
        this.intraOpThreads = intraOpThreads;
        this.spinWhileIdle = spinWhileIdle;
    }

    /** Loads the full-precision model. */
    public static BaseModel load() throws BrickException {
        return load(BaseModelVariant.FP32);
    }

    /** Loads one variant of the model, using every core for each run. */
    public static BaseModel load(BaseModelVariant variant) throws BrickException {
        return load(variant, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads one variant of the model.
     *
     * @param intraOpThreads threads ONNX Runtime uses inside one run
     */
    public static BaseModel load(BaseModelVariant variant, int intraOpThreads) throws BrickException {
        return load(variant, intraOpThreads, true);
    }

    /**
     * Loads one variant of the model.
     *
     * @param intraOpThreads threads ONNX Runtime uses inside one run
     * @param spinWhileIdle whether ONNX Runtime's threads spin between runs: the lowest latency for one request at
     *                      a time, but on a small machine the spinning takes the CPU that concurrent requests and
     *                      other work need (measured by bench/HostServerBenchmark), so a server turns it off
     */
    public static BaseModel load(BaseModelVariant variant, int intraOpThreads, boolean spinWhileIdle)
            throws BrickException {
        return load(variant, intraOpThreads, spinWhileIdle, GraphOptions.original());
    }

    /**
     * Loads one variant of the model with a configurable graph.
     *
     * @param graphOptions which LoRA sites, neuron masks and activation outputs the graph offers (the rewritten graph
     *                     is loaded when a run first needs it)
     */
    public static BaseModel load(BaseModelVariant variant, int intraOpThreads, boolean spinWhileIdle,
                                 GraphOptions graphOptions) throws BrickException {
        try (InputStream tokenizerJson = variant.openTokenizer(); InputStream onnx = variant.openOnnx();
             OrtSession.SessionOptions options = sessionOptions(intraOpThreads, spinWhileIdle)) {
            WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(tokenizerJson);
            OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.readAllBytes(), options);
            return new BaseModel(variant, tokenizer, session, graphOptions, intraOpThreads, spinWhileIdle);
        } catch (IOException e) {
            throw new BrickException("cannot read the base model " + variant + ": " + e.getMessage(), e);
        } catch (OrtException e) {
            throw new BrickException("ONNX Runtime cannot load the base model " + variant + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions sessionOptions(int intraOpThreads, boolean spinWhileIdle)
            throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (!spinWhileIdle) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /**
     * The rewritten graph, loaded now if no run has needed it yet (a second or so: the graph is rewritten and
     * optimised). Concurrent callers wait for one load.
     */
    private ConfigurableSession configurable() throws BrickException {
        ConfigurableSession loaded = configurable;
        if (loaded != null) {
            return loaded;
        }
        synchronized (configurableLock) {
            if (closed) {
                throw new BrickException("the base model is closed");
            }
            if (configurable == null) {
                try (InputStream onnx = variant.openOnnx();
                     OrtSession.SessionOptions options = sessionOptions(intraOpThreads, spinWhileIdle)) {
                    byte[] rewritten = ConfigurableGraph.rewrite(onnx.readAllBytes(), graph);
                    configurable = ConfigurableSession.load(environment, rewritten, graph, options);
                } catch (IOException e) {
                    throw new BrickException("cannot read the base model " + variant + ": " + e.getMessage(), e);
                } catch (OrtException e) {
                    throw new BrickException("ONNX Runtime cannot load the configurable base graph: "
                            + e.getMessage(), e);
                }
            }
            return configurable;
        }
    }

    /** Whether the rewritten graph has been loaded (a run needed adapters, masks or inner tensors). */
    public boolean configurableGraphLoaded() {
        return configurable != null;
    }

    public BaseModelVariant variant() {
        return variant;
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** What a brick built on this model writes in its manifest's {@code base} section. */
    public BaseModelRef reference() {
        return new BaseModelRef(NAME, DIM, variant.digest());
    }

    /** What the graph offers: LoRA sites, neuron masks, activation outputs. */
    public GraphOptions graph() {
        return graph;
    }

    /** Reads float weights of the base model by initializer name (parses the ONNX file again: not for hot paths). */
    public Map<String, float[]> initializers(java.util.Collection<String> names) throws BrickException {
        try (InputStream onnx = variant.openOnnx()) {
            return ConfigurableGraph.initializers(onnx.readAllBytes(), names);
        } catch (IOException e) {
            throw new BrickException("cannot read the base model " + variant + ": " + e.getMessage(), e);
        }
    }

    /** Embeds one text. */
    public float[] embed(String text) throws BrickException {
        return embed(List.of(text))[0];
    }

    /**
     * Embeds a batch of texts in one run: tokenise, pad to the longest, run, mean-pool over the attention mask,
     * L2-normalise.
     *
     * @return one row of {@link #DIM} floats per text
     */
    public float[][] embed(List<String> texts) throws BrickException {
        return embed(texts, List.of(), Collections.nCopies(texts.size(), NeuronMask.NONE));
    }

    /**
     * Embeds a batch of texts in one run with bricks inside the model active: the adapters for every row, and a
     * neuron mask per row.
     *
     * @param adapters LoRA adapters active for the whole run; no two may change the same site
     * @param masks one per text ({@link NeuronMask#NONE} keeps every neuron)
     * @throws IncompatibleBrickException if two adapters share a site, an adapter was loaded for another graph,
     *                                    or a mask is given to a graph without neuron masks
     */
    public float[][] embed(List<String> texts, List<LoraAdapter> adapters, List<NeuronMask> masks)
            throws BrickException {
        if (masks.size() != texts.size()) {
            throw new IllegalArgumentException("one neuron mask per text: " + masks.size() + " for " + texts.size());
        }
        long[][] ids = new long[texts.size()][];
        int[] lengths = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenizer.encode(texts.get(i));
            lengths[i] = ids[i].length;
        }
        float[][] embeddings = new float[ids.length][];
        for (int[] rows : LengthBatches.plan(lengths, MAX_ROWS_PER_RUN)) {
            long[][] runIds = new long[rows.length][];
            List<NeuronMask> runMasks = new ArrayList<>(rows.length);
            for (int r = 0; r < rows.length; r++) {
                runIds[r] = ids[rows[r]];
                runMasks.add(masks.get(rows[r]));
            }
            Batch batch = new Batch(runIds, lengths[rows[rows.length - 1]]);
            try (OrtSession.Result result = run(batch, adapters, runMasks, List.of())) {
                float[][] pooled = meanPoolAndNormalise(((OnnxTensor) result.get(0)).getFloatBuffer(), batch.ids,
                        batch.width);
                for (int r = 0; r < rows.length; r++) {
                    embeddings[rows[r]] = pooled[r];
                }
            } catch (OrtException e) {
                throw new BrickException("the base model failed to run: " + e.getMessage(), e);
            }
        }
        return embeddings;
    }

    /**
     * Runs one text and reads every layer's FFN activations (before any neuron mask) along with its embedding.
     *
     * @throws IncompatibleBrickException if the graph was loaded without activation outputs
     */
    public FfnActivations activations(String text, List<LoraAdapter> adapters, NeuronMask mask)
            throws BrickException {
        if (!graph.activationOutputs()) {
            throw new IncompatibleBrickException("this base graph was loaded without activation outputs");
        }
        Batch batch = tokenize(List.of(text));
        List<String> outputs = new ArrayList<>();
        for (int layer = 0; layer < LoraSite.LAYERS; layer++) {
            outputs.add(ConfigurableGraph.activationOutput(layer));
        }
        try (OrtSession.Result result = run(batch, adapters, List.of(mask), outputs)) {
            float[] embedding = meanPoolAndNormalise(((OnnxTensor) result.get(0)).getFloatBuffer(), batch.ids,
                    batch.width)[0];
            float[][][] values = new float[LoraSite.LAYERS][][];
            for (int layer = 0; layer < LoraSite.LAYERS; layer++) {
                values[layer] = rows((OnnxTensor) result.get(ConfigurableGraph.activationOutput(layer))
                        .orElseThrow());
            }
            return new FfnActivations(tokenizer.tokens(batch.ids[0]), values, embedding);
        } catch (OrtException e) {
            throw new BrickException("the base model failed to run: " + e.getMessage(), e);
        }
    }

    /**
     * Runs one text and reads tensors the graph was loaded to capture ({@link GraphOptions#captures()}).
     *
     * @return for each tensor its values for this text as rows of the last dimension, e.g. {@code [tokens][384]}
     *         for a hidden state, {@code [tokens][1]} for a layer norm's standard deviation
     */
    public Map<String, float[][]> capture(String text, List<LoraAdapter> adapters, List<String> tensors)
            throws BrickException {
        for (String tensor : tensors) {
            boolean activation = graph.activationOutputs() && tensor.startsWith("ffn_activation.");
            if (!graph.captures().contains(tensor) && !activation && !tensor.equals("last_hidden_state")) {
                throw new IllegalArgumentException("this base graph was not loaded to capture " + tensor);
            }
        }
        Batch batch = tokenize(List.of(text));
        Map<String, float[][]> captured = new LinkedHashMap<>();
        try (OrtSession.Result result = run(batch, adapters, List.of(NeuronMask.NONE), tensors)) {
            for (String tensor : tensors) {
                captured.put(tensor, rows((OnnxTensor) result.get(tensor).orElseThrow()));
            }
            return captured;
        } catch (OrtException e) {
            throw new BrickException("the base model failed to run: " + e.getMessage(), e);
        }
    }

    /** A float output of one text as rows of its last dimension: {@code [1, tokens, width]} gives tokens rows. */
    private static float[][] rows(OnnxTensor value) {
        long[] shape = value.getInfo().getShape();
        int width = (int) shape[shape.length - 1];
        FloatBuffer buffer = value.getFloatBuffer();
        float[][] rows = new float[buffer.remaining() / width][width];
        for (float[] row : rows) {
            buffer.get(row);
        }
        return rows;
    }

    /** Token ids of a batch, right-padded with zeros to the longest row. */
    private record Batch(long[][] ids, int width) {
    }

    private Batch tokenize(List<String> texts) {
        long[][] ids = new long[texts.size()][];
        int width = 0;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenizer.encode(texts.get(i));
            width = Math.max(width, ids[i].length);
        }
        return new Batch(ids, width);
    }

    /**
     * One run of the graph a run needs: the untouched graph unless adapters, a mask or outputs other than the last
     * hidden state are asked for.
     */
    private OrtSession.Result run(Batch batch, List<LoraAdapter> adapters, List<NeuronMask> masks,
                                  List<String> extraOutputs) throws BrickException, OrtException {
        int rows = batch.ids.length;
        int width = batch.width;
        Set<LoraSite> active = activeSites(adapters);
        boolean masked = masks.stream().anyMatch(mask -> !mask.isEmpty());
        if (masked && !graph.neuronMasks()) {
            throw new IncompatibleBrickException("this base graph was loaded without neuron masks");
        }
        Set<String> outputs = new LinkedHashSet<>();
        outputs.add("last_hidden_state");
        outputs.addAll(extraOutputs);
        boolean plainRun = adapters.isEmpty() && !masked && outputs.size() == 1;
        ConfigurableSession rewritten = plainRun ? null : configurable();
        long[] inputIds = new long[rows * width];
        long[] attention = new long[rows * width];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(batch.ids[row], 0, inputIds, row * width, batch.ids[row].length);
            Arrays.fill(attention, row * width, row * width + batch.ids[row].length, 1L);
        }
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            long[] shape = {rows, width};
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", own(owned, OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape)));
            inputs.put("attention_mask",
                    own(owned, OnnxTensor.createTensor(environment, LongBuffer.wrap(attention), shape)));
            inputs.put("token_type_ids",
                    own(owned, OnnxTensor.createTensor(environment, LongBuffer.allocate(rows * width), shape)));
            if (plainRun) {
                return plain.run(inputs, outputs);
            }
            return rewritten.run(inputs, rows, adapters, active, masks, outputs, owned);
        } finally {
            for (OnnxTensor tensor : owned) {
                tensor.close();
            }
        }
    }

    /** The sites the adapters cover, refusing two adapters on one site or an adapter made for another graph. */
    private Set<LoraSite> activeSites(List<LoraAdapter> adapters) throws IncompatibleBrickException {
        Set<LoraSite> active = new java.util.HashSet<>();
        for (LoraAdapter adapter : adapters) {
            for (LoraSite site : adapter.sites().keySet()) {
                if (!graph.loraSites().contains(site)) {
                    throw new IncompatibleBrickException("adapter " + adapter.name() + " changes LoRA site " + site
                            + ", which this base graph does not have");
                }
                active.add(site);
            }
        }
        try {
            LoraAdapter.requireDisjoint(adapters);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleBrickException(e.getMessage());
        }
        return active;
    }

    private static OnnxTensor own(List<OnnxTensor> owned, OnnxTensor tensor) {
        owned.add(tensor);
        return tensor;
    }

    /** Mean over the real (unpadded) tokens of each row of {@code last_hidden_state [batch, width, DIM]}. */
    private static float[][] meanPoolAndNormalise(FloatBuffer hidden, long[][] ids, int width) {
        float[][] pooled = new float[ids.length][DIM];
        for (int row = 0; row < ids.length; row++) {
            int tokens = ids[row].length;
            float[] sum = pooled[row];
            for (int t = 0; t < tokens; t++) {
                int offset = (row * width + t) * DIM;
                for (int d = 0; d < DIM; d++) {
                    sum[d] += hidden.get(offset + d);
                }
            }
            double norm = 0;
            for (int d = 0; d < DIM; d++) {
                sum[d] /= tokens;
                norm += sum[d] * sum[d];
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < DIM; d++) {
                sum[d] *= scale;
            }
        }
        return pooled;
    }

    @Override
    public void close() {
        try {
            synchronized (configurableLock) {
                closed = true;
                if (configurable != null) {
                    configurable.close();
                }
            }
            plain.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to close the base model session", e);
        }
    }
}
