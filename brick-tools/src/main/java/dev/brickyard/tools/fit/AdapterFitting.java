package dev.brickyard.tools.fit;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.manifest.AdapterSpec;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.fit.AdapterFit;
import dev.brickyard.tools.fit.AdapterFitSettings;
import dev.brickyard.tools.fit.FitEvaluation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds an adapter brick: checks that the data can support a fit, fits the adapter with {@link AdapterFit} on the
 * full-precision base model (which also measures it on held-out pairs and control sentences, and refuses an adapter
 * that moves the controls more than the stated bound), embeds the pair texts for the routing key, and builds the
 * manifest and the card. Nothing is written here: a failed fit leaves no trace.
 */
public final class AdapterFitting {
    /** The weights file of an adapter brick made by {@code brick fit adapter}. */
    public static final String WEIGHTS_FILE = "adapter.onnx_adapter";
    /** The sections of an adapter's card that each fit writes anew; the author's other sections are kept. */
    public static final List<String> RUN_SECTIONS = List.of("evaluation", "training");
    private static final int EMBEDDING_BATCH = 64;

    /**
     * What to fit.
     *
     * @param pairsSource the pairs file as given, for the card
     * @param controlsSource the controls file as given, for the card
     * @param out the output folder as given, for the command in the card
     */
    public record Plan(BrickMetadata metadata, List<AdapterFit.Pair> pairs, List<AdapterFit.ControlPair> controls,
                       AdapterFitSettings settings, String pairsSource, String controlsSource, String out) {
        /** The distinct targets, in order of first appearance. */
        public List<String> targets() {
            return pairs.stream().map(AdapterFit.Pair::target).distinct().toList();
        }
    }

    /** The fitted brick, ready to be written to a folder. */
    public record Result(BrickManifest manifest, byte[] adapter, String card, AdapterFit.Result fit) {
        /** The weights files by name, as {@code $.weights} lists them. */
        public Map<String, byte[]> weights() {
            return Map.of(WEIGHTS_FILE, adapter);
        }
    }

    private AdapterFitting() {
    }

    /**
     * @param progress receives one line per step
     * @throws InvalidInputException when the pairs name fewer than two targets
     * @throws dev.brickyard.tools.fit.FitException when the fit breaks the control bound or cannot be solved
     */
    public static Result fit(Plan plan, Consumer<String> progress) throws BrickException, InvalidInputException {
        int targets = plan.targets().size();
        if (targets < 2) {
            throw new InvalidInputException(plan.pairsSource() + " names " + targets + " target; an adapter needs pairs "
                    + "with at least two different targets, or every text would simply move to the one target");
        }
        int siteCount = plan.settings().sites().size();
        progress.accept("fitting " + siteCount + (siteCount == 1 ? " site" : " sites") + " of rank "
                + plan.settings().rank()
                + " on " + plan.pairs().size() + " pairs (" + targets + " targets) and " + plan.controls().size()
                + " control pairs");
        AdapterFit.Result fit = AdapterFit.fit(plan.pairs(), plan.controls(), plan.settings(), progress);
        progress.accept("embedding the " + plan.pairs().size() + " pair texts for the routing key");
        float[] routingKey;
        try (BaseModel baseModel = BaseModel.load(BaseModelVariant.FP32, plan.settings().threads())) {
            routingKey = centroid(embed(baseModel, plan.pairs().stream().map(AdapterFit.Pair::text).toList()));
        }
        Map<String, Integer> sites = new TreeMap<>();
        fit.sites().forEach((site, rank) -> sites.put(site.name(), rank));
        BrickMetadata meta = plan.metadata();
        BrickManifest manifest = new BrickManifest(BrickManifest.SCHEMA_VERSION, meta.id(), meta.version(),
                BrickKind.ADAPTER, BrickOrigin.CUSTOMIZED, Granularity.LAYER, meta.description(), meta.tags(),
                List.of(), null, routingKey, metrics(fit, plan), meta.license(), meta.authors(),
                new BaseModelRef(BaseModel.NAME, BaseModel.DIM, BaseModelVariant.FP32.digest()),
                List.of(WEIGHTS_FILE), new AdapterSpec(sites), null, null);
        return new Result(manifest, fit.adapter().toBytes(), AdapterCard.of(manifest, fit, plan), fit);
    }

    /**
     * What brick.json reports, rounded to 4 decimals: the held-out and training evaluation (the held-out one only
     * when pairs were held out), the control shift with its bound, and the data sizes.
     */
    public static Map<String, Double> metrics(AdapterFit.Result fit, Plan plan) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (fit.heldOut().pairs() > 0) {
            putEvaluation(metrics, "heldout", fit.heldOut());
        }
        putEvaluation(metrics, "train", fit.training());
        metrics.put("control_shift_mean", round(fit.controls().meanShift()));
        metrics.put("control_shift_max", round(fit.controls().maxShift()));
        metrics.put("control_shift_bound", plan.settings().maxControlShift());
        metrics.put("control_pair_change_mean", round(fit.controls().meanPairChange()));
        metrics.put("control_texts", (double) fit.controls().texts());
        metrics.put("targets", (double) plan.targets().size());
        return metrics;
    }

    private static void putEvaluation(Map<String, Double> metrics, String split, FitEvaluation evaluation) {
        metrics.put(split + "_pairs", (double) evaluation.pairs());
        metrics.put(split + "_similarity_before", round(evaluation.similarityBefore()));
        metrics.put(split + "_similarity_after", round(evaluation.similarityAfter()));
        metrics.put(split + "_recall_at_1_before", round(evaluation.recallBefore()));
        metrics.put(split + "_recall_at_1_after", round(evaluation.recallAfter()));
    }

    private static float[][] embed(BaseModel baseModel, List<String> texts) throws BrickException {
        float[][] embeddings = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += EMBEDDING_BATCH) {
            float[][] batch = baseModel.embed(texts.subList(start, Math.min(texts.size(), start + EMBEDDING_BATCH)));
            System.arraycopy(batch, 0, embeddings, start, batch.length);
        }
        return embeddings;
    }

    /**
     * The routing key: the normalised mean embedding of the pair texts, the inputs the adapter is for (as the
     * trainers' routing keys are the centroid of their inputs); empty if the mean has no direction.
     */
    public static float[] centroid(float[][] embeddings) {
        double[] mean = new double[embeddings[0].length];
        for (float[] embedding : embeddings) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += embedding[d];
            }
        }
        double norm = Math.sqrt(Arrays.stream(mean).map(value -> value * value).sum());
        if (!(norm > 1e-6)) {
            return new float[0];
        }
        float[] key = new float[mean.length];
        for (int d = 0; d < key.length; d++) {
            key[d] = (float) (mean[d] / norm);
        }
        return key;
    }

    public static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
