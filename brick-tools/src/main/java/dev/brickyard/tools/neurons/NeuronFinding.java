package dev.brickyard.tools.neurons;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.base.graph.NeuronMask;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.card.RoutingKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Finds a neuron brick: reads the base model's FFN activations on every text and contrast text, scores each neuron
 * of the chosen layers with {@link NeuronSelectivity}, names the most selective ones, and measures what the mask
 * they make does to the sentence embeddings of both sets. Nothing is trained: the neurons are the base model's own.
 */
public final class NeuronFinding {
    /** The sections of the card each run writes anew. */
    public static final List<String> RUN_SECTIONS = List.of("neurons", "effect", "finding");
    private static final int EMBEDDING_BATCH = 32;

    /**
     * What to find.
     *
     * @param layers the layers to pick neurons from, sorted
     * @param top how many neurons to name
     * @param textsSource the texts file as given, for the card's command
     * @param contrastSource the contrast file as given
     * @param out the output folder as given
     */
    public record Plan(BrickMetadata metadata, List<String> texts, List<String> contrast, List<Integer> layers,
                       int top, NeuronSelection.Mode mode, String textsSource, String contrastSource, String out) {
        public Plan {
            texts = List.copyOf(texts);
            contrast = List.copyOf(contrast);
            layers = List.copyOf(layers);
        }

        /** The command that finds these neurons again. */
        public String command() {
            return "brick neurons find --texts " + textsSource + " --contrast " + contrastSource + " --layers "
                    + LayerList.format(layers) + " --top " + top + " --mode " + mode.jsonName() + " --out " + out;
        }
    }

    /**
     * What applying the mask does: the mean over each set of 1 − cos(embedding without the mask, embedding with it).
     */
    public record Effect(double textsShift, double contrastShift) {
        /** How many times the texts move as far as the contrast texts; infinite when the contrast does not move. */
        public double ratio() {
            return contrastShift > 0 ? textsShift / contrastShift : Double.POSITIVE_INFINITY;
        }
    }

    /** The found brick, ready to be written to a folder. */
    public record Result(BrickManifest manifest, List<NeuronSelectivity.Score> chosen, Effect effect, String card) {
    }

    private NeuronFinding() {
    }

    /**
     * @param baseModel a model loaded with neuron masks and activation outputs
     * @param progress receives one line per step
     */
    public static Result find(BaseModel baseModel, Plan plan, Consumer<String> progress) throws BrickException {
        progress.accept("reading the FFN activations of " + plan.texts().size() + " texts and "
                + plan.contrast().size() + " contrast texts");
        NeuronSelectivity selectivity = new NeuronSelectivity();
        float[][] textEmbeddings = read(baseModel, plan.texts(), selectivity::addText);
        float[][] contrastEmbeddings = read(baseModel, plan.contrast(), selectivity::addContrast);
        List<NeuronSelectivity.Score> chosen = selectivity.top(plan.top(), plan.layers());
        NeuronSelection selection = selection(plan.mode(), chosen);
        progress.accept("measuring what " + plan.mode().jsonName() + " of " + chosen.size() + " neurons does to "
                + "the embeddings");
        NeuronMask mask = NeuronMask.of(selection);
        Effect effect = new Effect(shift(baseModel, plan.texts(), textEmbeddings, mask),
                shift(baseModel, plan.contrast(), contrastEmbeddings, mask));
        BrickMetadata meta = plan.metadata();
        BrickManifest manifest = new BrickManifest(BrickManifest.SCHEMA_VERSION, meta.id(), meta.version(),
                BrickKind.NEURONS, BrickOrigin.EMERGENT, chosen.size() == 1 ? Granularity.NEURON
                : Granularity.NEURON_GROUP, meta.description(), meta.tags(), List.of(), null,
                RoutingKey.centroid(textEmbeddings), metrics(plan, chosen, effect), meta.license(), meta.authors(),
                baseModel.reference(), List.of(), null, selection, null);
        return new Result(manifest, chosen, effect, NeuronCard.of(manifest, chosen, effect, plan));
    }

    /** Each text's profile goes to {@code profiles}; answers the texts' embeddings, from the same runs. */
    private static float[][] read(BaseModel baseModel, List<String> texts, Consumer<float[][]> profiles)
            throws BrickException {
        float[][] embeddings = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            FfnActivations activations = baseModel.activations(texts.get(i), List.of(), NeuronMask.NONE);
            profiles.accept(NeuronSelectivity.profile(activations));
            embeddings[i] = activations.embedding();
        }
        return embeddings;
    }

    /** The neurons by layer (as {@code brick.json} keys), each layer's indexes sorted. */
    public static NeuronSelection selection(NeuronSelection.Mode mode, List<NeuronSelectivity.Score> chosen) {
        Map<Integer, List<Integer>> byLayer = new TreeMap<>();
        for (NeuronSelectivity.Score score : chosen) {
            byLayer.computeIfAbsent(score.layer(), layer -> new ArrayList<>()).add(score.neuron());
        }
        Map<String, List<Integer>> layers = new LinkedHashMap<>();
        byLayer.forEach((layer, neurons) -> {
            Collections.sort(neurons);
            layers.put(String.valueOf(layer), List.copyOf(neurons));
        });
        return new NeuronSelection(mode, layers);
    }

    /** The mean of 1 − cos(before, after) over the texts; both embeddings are unit vectors. */
    private static double shift(BaseModel baseModel, List<String> texts, float[][] before, NeuronMask mask)
            throws BrickException {
        double total = 0;
        for (int start = 0; start < texts.size(); start += EMBEDDING_BATCH) {
            List<String> batch = texts.subList(start, Math.min(texts.size(), start + EMBEDDING_BATCH));
            float[][] after = baseModel.embed(batch, List.of(), Collections.nCopies(batch.size(), mask));
            for (int i = 0; i < after.length; i++) {
                double dot = 0;
                for (int d = 0; d < after[i].length; d++) {
                    dot += before[start + i][d] * after[i][d];
                }
                total += 1 - dot;
            }
        }
        return total / texts.size();
    }

    /** What {@code brick.json} reports: the size of the set and of the data, and the effect. */
    private static Map<String, Double> metrics(Plan plan, List<NeuronSelectivity.Score> chosen, Effect effect) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("neurons", (double) chosen.size());
        metrics.put("texts", (double) plan.texts().size());
        metrics.put("contrast_texts", (double) plan.contrast().size());
        metrics.put("texts_shift_mean", round(effect.textsShift()));
        metrics.put("contrast_shift_mean", round(effect.contrastShift()));
        return metrics;
    }

    /** Six decimals: a small mask moves embeddings by thousandths. */
    public static double round(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }
}
