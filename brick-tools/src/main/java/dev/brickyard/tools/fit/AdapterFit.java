package dev.brickyard.tools.fit;

import dev.brickyard.api.BrickException;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.adapter.AdapterFile;
import dev.brickyard.base.adapter.AdapterTensor;
import dev.brickyard.base.graph.ConfigurableGraph;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.base.graph.NeuronMask;
import dev.brickyard.tools.merge.LowRankDelta;
import dev.brickyard.tools.merge.LowRankMerge;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Fits a LoRA adapter in closed form, without autodiff, in the spirit of closed-form model editing (ROME, MEMIT):
 * the FFN output matrix of each chosen layer is treated as a linear map from activations (keys) to the residual
 * stream (values), and gets a low-rank delta that moves each training text's representation toward its target's.
 *
 * <p>For layer {@code l}, with {@code a_i} a token's FFN activation, {@code σ_i} the standard deviation its layer
 * norm divides by and {@code γ} the norm's weight, adding {@code a_i·ΔW} before the norm moves the token's hidden
 * state by about {@code γ ⊙ (a_i·ΔW) / σ_i}. A text's mean hidden state (what the sentence embedding pools) then
 * moves by {@code γ ⊙ (x̄·ΔW)} with {@code x̄ = mean_i(a_i / σ_i)}. So each training text gives one linear equation
 * {@code x̄·ΔW = (m_goal - m_now) / γ}, where {@code m_goal} pulls the text's mean hidden state the given share of
 * the way toward the target's; each token of a control sentence gives {@code (a_i/σ_i)·ΔW = (h_i,orig - h_i,now)/γ}
 * (stay where you were). The ridge solution {@code ΔW = (XᵀX + λI)⁻¹XᵀY} is added to the layer's delta, which is
 * truncated to the rank by SVD. Layers are fitted in order and every round re-captures the activations with the
 * adapter so far, so later layers and rounds fit what the earlier ones left (the norm is only linearised).
 *
 * <p>Pairs are split per target: a share of each target's texts is held out and only evaluated, as is a share of
 * the control pairs.
 */
public final class AdapterFit {
    private final BaseModel model;
    private final AdapterFitSettings settings;
    private final Consumer<String> progress;
    private final Map<Integer, float[]> normWeights = new HashMap<>();
    private final Map<String, float[][]> originalMeans = new HashMap<>();

    private AdapterFit(BaseModel model, AdapterFitSettings settings, Consumer<String> progress) {
        this.model = model;
        this.settings = settings;
        this.progress = progress;
    }

    /** A text and what it means: the adapter pulls the text's embedding toward the target's. */
    public record Pair(String text, String target) {
    }

    /** Two everyday sentences whose embeddings (and similarity) the adapter should leave alone. */
    public record ControlPair(String first, String second) {
    }

    /**
     * What came out: the adapter file, the sites and ranks it changes, and its measured effect.
     *
     * @param training the pairs fitted on
     * @param heldOut the pairs kept out of the fit
     * @param controls the held-out control pairs
     * @param truncationErrors per site, the relative Frobenius error of the last rank truncation
     */
    public record Result(AdapterFile adapter, Map<LoraSite, Integer> sites, FitEvaluation training,
                         FitEvaluation heldOut, ControlEvaluation controls, Map<LoraSite, Double> truncationErrors) {
    }

    /**
     * Fits an adapter on the full-precision base model.
     *
     * @param pairs at least two distinct targets; texts sharing a target are one term in several contexts
     * @param controls at least one pair
     * @param progress receives one line per step (layer and round)
     * @throws FitException when the data cannot support a fit or the held-out controls move more than the bound
     */
    public static Result fit(List<Pair> pairs, List<ControlPair> controls, AdapterFitSettings settings,
                             Consumer<String> progress) throws BrickException {
        requireData(pairs, controls);
        Set<String> captures = new LinkedHashSet<>();
        for (int layer : settings.layers()) {
            captures.add(normDeviation(layer));
            if (layer < LoraSite.LAYERS - 1) {
                captures.add(hiddenState(layer));
            }
        }
        GraphOptions graph = new GraphOptions(Set.copyOf(settings.sites()), false, true, captures);
        try (BaseModel model = BaseModel.load(BaseModelVariant.FP32, settings.threads(), true, graph)) {
            return new AdapterFit(model, settings, progress).run(pairs, controls);
        }
    }

    private Result run(List<Pair> pairs, List<ControlPair> controls) throws BrickException {
        Split<Pair> split = splitPairs(pairs);
        Split<ControlPair> controlSplit = splitControls(controls);
        List<String> controlTexts = new ArrayList<>();
        for (ControlPair pair : controlSplit.kept()) {
            controlTexts.add(pair.first());
            controlTexts.add(pair.second());
        }
        List<String> normNames = settings.layers().stream().map(AdapterFit::normWeight).toList();
        Map<String, float[]> weights = model.initializers(normNames);
        for (int layer : settings.layers()) {
            normWeights.put(layer, weights.get(normWeight(layer)));
        }
        List<LoraSite> sites = settings.sites();
        Map<LoraSite, double[]> deltas = new TreeMap<>();
        for (LoraSite site : sites) {
            deltas.put(site, new double[site.inputs() * site.outputs()]);
        }
        Map<LoraSite, Double> truncationErrors = new TreeMap<>();
        Map<LoraSite, LowRankDelta> factors = new TreeMap<>();
        AdapterFile file = null;
        LoraAdapter adapter = null;
        try {
            for (int round = 1; round <= settings.rounds(); round++) {
                for (int layer : settings.layers()) {
                    progress.accept("round " + round + "/" + settings.rounds() + ": fitting layer " + layer + " on "
                            + split.kept().size() + " pairs and " + controlTexts.size() + " control sentences");
                    LoraSite site = new LoraSite(layer, LoraSite.Kind.FFN_OUT);
                    double[] increment = solveLayer(layer, split.kept(), controlTexts, active(adapter));
                    double[] delta = deltas.get(site);
                    for (int i = 0; i < delta.length; i++) {
                        delta[i] += increment[i];
                    }
                    LowRankMerge.Factorization factored = LowRankMerge.truncatedSvd(site.name(), delta,
                            site.inputs(), site.outputs(), settings.rank());
                    if (factored == null) {
                        throw new FitException("the fit for layer " + layer + " came out all zero");
                    }
                    truncationErrors.put(site, factored.truncationError());
                    factors.put(site, factored.delta());
                    deltas.put(site, factored.delta().denseRowMajor());
                    file = toFile(factors);
                    LoraAdapter next = LoraAdapter.load("fit", file, model.graph());
                    if (adapter != null) {
                        adapter.close();
                    }
                    adapter = next;
                }
            }
            progress.accept("evaluating on " + split.kept().size() + " training and " + split.heldOut().size()
                    + " held-out pairs, " + controlSplit.heldOut().size() + " held-out control pairs");
            List<String> targets = pairs.stream().map(Pair::target).distinct().toList();
            float[][] targetEmbeddings = model.embed(targets);
            FitEvaluation training = evaluate(split.kept(), targets, targetEmbeddings, adapter);
            FitEvaluation heldOut = evaluate(split.heldOut(), targets, targetEmbeddings, adapter);
            ControlEvaluation controlEvaluation = evaluateControls(controlSplit.heldOut().isEmpty()
                    ? controlSplit.kept() : controlSplit.heldOut(), adapter);
            if (controlEvaluation.meanShift() > settings.maxControlShift()) {
                throw new FitException(String.format(java.util.Locale.ROOT, "the adapter moves held-out control "
                        + "sentences by %.4f on average (1 - cosine), more than the bound %.4f: raise --ridge, lower "
                        + "--strength or --rank, or add control pairs", controlEvaluation.meanShift(),
                        settings.maxControlShift()));
            }
            Map<LoraSite, Integer> ranks = new TreeMap<>(LoraAdapter.sitesOf("fit", file));
            return new Result(file, ranks, training, heldOut, controlEvaluation, truncationErrors);
        } finally {
            if (adapter != null) {
                adapter.close();
            }
        }
    }

    private static List<LoraAdapter> active(LoraAdapter adapter) {
        return adapter == null ? List.of() : List.of(adapter);
    }

    /** One ridge solve for a layer: rows from the training texts and the control tokens, as described above. */
    private double[] solveLayer(int layer, List<Pair> pairs, List<String> controls, List<LoraAdapter> adapters)
            throws BrickException {
        int in = ConfigurableGraph.NEURONS;
        int out = BaseModel.DIM;
        float[] gamma = normWeights.get(layer);
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (Pair pair : pairs) {
            Capture now = capture(pair.text(), layer, adapters);
            float[] goalMean = goal(pair, layer);
            int tokens = now.activations.length;
            // A training text stands for all its tokens: its row weighs like that many control tokens.
            double weight = Math.sqrt(tokens);
            double[] x = new double[in];
            for (int t = 0; t < tokens; t++) {
                double scale = weight / (now.deviations[t][0] * tokens);
                for (int n = 0; n < in; n++) {
                    x[n] += now.activations[t][n] * scale;
                }
            }
            float[] nowMean = mean(now.hidden);
            double[] y = new double[out];
            for (int d = 0; d < out; d++) {
                y[d] = weight * (goalMean[d] - nowMean[d]) / gamma[d];
            }
            xs.add(x);
            ys.add(y);
        }
        for (String control : controls) {
            Capture now = capture(control, layer, adapters);
            float[][] original = originalHidden(control, layer);
            for (int t = 0; t < now.activations.length; t++) {
                double scale = 1.0 / now.deviations[t][0];
                double[] x = new double[in];
                for (int n = 0; n < in; n++) {
                    x[n] = now.activations[t][n] * scale;
                }
                double[] y = new double[out];
                for (int d = 0; d < out; d++) {
                    y[d] = (original[t][d] - now.hidden[t][d]) / gamma[d];
                }
                xs.add(x);
                ys.add(y);
            }
        }
        DMatrixRMaj rows = new DMatrixRMaj(xs.toArray(double[][]::new));
        DMatrixRMaj goals = new DMatrixRMaj(ys.toArray(double[][]::new));
        DMatrixRMaj gram = new DMatrixRMaj(in, in);
        CommonOps_MT_DDRM.multInner(rows, gram);
        DMatrixRMaj cross = new DMatrixRMaj(in, out);
        CommonOps_MT_DDRM.multTransA(rows, goals, cross);
        double trace = CommonOps_DDRM.trace(gram);
        double lambda = settings.ridge() * trace / in;
        for (int i = 0; i < in; i++) {
            gram.add(i, i, lambda);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(in);
        if (!solver.setA(gram)) {
            throw new FitException("the ridge system for layer " + layer + " is singular; raise --ridge");
        }
        DMatrixRMaj solution = new DMatrixRMaj(in, out);
        solver.solve(cross, solution);
        return solution.data;
    }

    /** The mean hidden state a training text should reach at a layer. */
    private float[] goal(Pair pair, int layer) throws BrickException {
        float[] start = mean(originalHidden(pair.text(), layer));
        float[] target = mean(originalHidden(pair.target(), layer));
        float[] goal = new float[start.length];
        for (int d = 0; d < goal.length; d++) {
            goal[d] = (float) (start[d] + settings.strength() * (target[d] - start[d]));
        }
        return goal;
    }

    private float[][] originalHidden(String text, int layer) throws BrickException {
        String key = layer + "\u0000" + text;
        float[][] cached = originalMeans.get(key);
        if (cached == null) {
            cached = capture(text, layer, List.of()).hidden;
            originalMeans.put(key, cached);
        }
        return cached;
    }

    private record Capture(float[][] activations, float[][] deviations, float[][] hidden) {
    }

    private Capture capture(String text, int layer, List<LoraAdapter> adapters) throws BrickException {
        String activation = ConfigurableGraph.activationOutput(layer);
        Map<String, float[][]> values = model.capture(text, adapters,
                List.of(activation, normDeviation(layer), hiddenState(layer)));
        return new Capture(values.get(activation), values.get(normDeviation(layer)), values.get(hiddenState(layer)));
    }

    private FitEvaluation evaluate(List<Pair> pairs, List<String> targets, float[][] targetEmbeddings,
                                   LoraAdapter adapter) throws BrickException {
        if (pairs.isEmpty()) {
            return new FitEvaluation(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<String> texts = pairs.stream().map(Pair::text).toList();
        float[][] before = model.embed(texts);
        float[][] after = model.embed(texts, List.of(adapter), Collections.nCopies(texts.size(), NeuronMask.NONE));
        double similarityBefore = 0;
        double similarityAfter = 0;
        int hitsBefore = 0;
        int hitsAfter = 0;
        for (int i = 0; i < pairs.size(); i++) {
            int own = targets.indexOf(pairs.get(i).target());
            similarityBefore += dot(before[i], targetEmbeddings[own]);
            similarityAfter += dot(after[i], targetEmbeddings[own]);
            hitsBefore += nearest(before[i], targetEmbeddings) == own ? 1 : 0;
            hitsAfter += nearest(after[i], targetEmbeddings) == own ? 1 : 0;
        }
        int n = pairs.size();
        return new FitEvaluation(n, similarityBefore / n, similarityAfter / n, (double) hitsBefore / n,
                (double) hitsAfter / n);
    }

    private ControlEvaluation evaluateControls(List<ControlPair> pairs, LoraAdapter adapter) throws BrickException {
        List<String> texts = new ArrayList<>();
        for (ControlPair pair : pairs) {
            texts.add(pair.first());
            texts.add(pair.second());
        }
        float[][] before = model.embed(texts);
        float[][] after = model.embed(texts, List.of(adapter), Collections.nCopies(texts.size(), NeuronMask.NONE));
        double shiftSum = 0;
        double shiftMax = 0;
        for (int i = 0; i < texts.size(); i++) {
            double shift = 1 - dot(before[i], after[i]);
            shiftSum += shift;
            shiftMax = Math.max(shiftMax, shift);
        }
        double changeSum = 0;
        double changeMax = 0;
        for (int p = 0; p < pairs.size(); p++) {
            double change = Math.abs(dot(after[2 * p], after[2 * p + 1]) - dot(before[2 * p], before[2 * p + 1]));
            changeSum += change;
            changeMax = Math.max(changeMax, change);
        }
        return new ControlEvaluation(texts.size(), shiftSum / texts.size(), shiftMax, changeSum / pairs.size(),
                changeMax);
    }

    private static int nearest(float[] embedding, float[][] candidates) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidates.length; c++) {
            double score = dot(embedding, candidates[c]);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static float[] mean(float[][] rows) {
        float[] mean = new float[rows[0].length];
        for (float[] row : rows) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += row[d] / rows.length;
            }
        }
        return mean;
    }

    private static AdapterFile toFile(Map<LoraSite, LowRankDelta> factors) {
        List<AdapterTensor> tensors = new ArrayList<>();
        factors.forEach((site, delta) -> {
            tensors.add(AdapterTensor.matrix(site.parameterA(), delta.a()));
            tensors.add(AdapterTensor.matrix(site.parameterB(), delta.b()));
        });
        return AdapterFile.of(1, tensors);
    }

    /** Texts split per target: a share of each target's texts held out (at least one when it has two or more). */
    private Split<Pair> splitPairs(List<Pair> pairs) {
        Map<String, List<Pair>> byTarget = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            byTarget.computeIfAbsent(pair.target(), t -> new ArrayList<>()).add(pair);
        }
        Random random = new Random(settings.seed());
        List<Pair> kept = new ArrayList<>();
        List<Pair> heldOut = new ArrayList<>();
        for (List<Pair> group : byTarget.values()) {
            List<Pair> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            int hold = group.size() < 2 || settings.heldOutShare() == 0 ? 0
                    : Math.max(1, (int) Math.round(group.size() * settings.heldOutShare()));
            heldOut.addAll(shuffled.subList(0, hold));
            kept.addAll(shuffled.subList(hold, shuffled.size()));
        }
        return new Split<>(kept, heldOut);
    }

    private Split<ControlPair> splitControls(List<ControlPair> controls) {
        List<ControlPair> shuffled = new ArrayList<>(controls);
        Collections.shuffle(shuffled, new Random(settings.seed() + 1));
        int hold = controls.size() < 2 ? 0 : Math.max(1, (int) Math.round(controls.size() * settings.heldOutShare()));
        return new Split<>(shuffled.subList(hold, shuffled.size()), shuffled.subList(0, hold));
    }

    private record Split<T>(List<T> kept, List<T> heldOut) {
    }

    private static void requireData(List<Pair> pairs, List<ControlPair> controls) throws FitException {
        if (pairs.stream().map(Pair::target).distinct().count() < 2) {
            throw new FitException("the pairs need at least two distinct targets (found "
                    + pairs.stream().map(Pair::target).distinct().count() + ")");
        }
        if (controls.isEmpty()) {
            throw new FitException("the fit needs control pairs: everyday sentences the adapter must leave alone");
        }
    }

    public static String normDeviation(int layer) {
        return "/encoder/layer." + layer + "/output/LayerNorm/Sqrt_output_0";
    }

    public static String hiddenState(int layer) {
        return layer == LoraSite.LAYERS - 1 ? "last_hidden_state"
                : "/encoder/layer." + layer + "/output/LayerNorm/Add_1_output_0";
    }

    public static String normWeight(int layer) {
        return "encoder.layer." + layer + ".output.LayerNorm.weight";
    }
}
