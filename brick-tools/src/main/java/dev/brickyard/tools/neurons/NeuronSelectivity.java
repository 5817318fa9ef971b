package dev.brickyard.tools.neurons;

import dev.brickyard.base.graph.ConfigurableGraph;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.base.graph.LoraSite;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * How selective each FFN neuron of the base model is for one set of texts against a contrast set.
 *
 * <p>A text's <em>profile</em> is, per layer and neuron, its activation (the GELU output, before any mask) averaged
 * over the text's word pieces, {@code [CLS]} and {@code [SEP]} included. Over the profiles of the n<sub>T</sub> texts
 * and the n<sub>C</sub> contrast texts, each neuron has the means μ<sub>T</sub>, μ<sub>C</sub> and the sample
 * variances s<sub>T</sub>², s<sub>C</sub>². Its selectivity is Cohen's d with a floor on the spread:
 * <pre>
 *   d = (μT − μC) / sqrt(sp² + ε²),   sp² = ((nT − 1)·sT² + (nC − 1)·sC²) / (nT + nC − 2),   ε = {@value #SPREAD_FLOOR}
 * </pre>
 * The floor keeps a neuron that barely varies (one that never fires, say) from ranking high on a difference of a
 * few thousandths. A positive d means the neuron fires more on the texts.
 */
public final class NeuronSelectivity {
    /** ε: the least spread a neuron's selectivity is divided by, in units of activation. */
    public static final double SPREAD_FLOOR = 0.01;
    /** Texts each side needs: a variance needs two. */
    public static final int MIN_TEXTS = 2;

    /**
     * One neuron's selectivity.
     *
     * @param selectivity d of the formula above
     * @param meanTexts μ<sub>T</sub>, its mean profile activation over the texts
     * @param meanContrast μ<sub>C</sub>, over the contrast texts
     */
    public record Score(int layer, int neuron, double selectivity, double meanTexts, double meanContrast) {
    }

    private final Moments texts = new Moments();
    private final Moments contrast = new Moments();

    /** A text's profile: per layer and neuron, the activation averaged over its word pieces. */
    public static float[][] profile(FfnActivations activations) {
        float[][] profile = new float[LoraSite.LAYERS][];
        for (int layer = 0; layer < LoraSite.LAYERS; layer++) {
            profile[layer] = activations.meanOverTokens(layer);
        }
        return profile;
    }

    /** Counts the profile of one of the texts. */
    public void addText(float[][] profile) {
        texts.add(profile);
    }

    /** Counts the profile of one of the contrast texts. */
    public void addContrast(float[][] profile) {
        contrast.add(profile);
    }

    /** One neuron's score. */
    public Score score(int layer, int neuron) {
        if (texts.count < MIN_TEXTS || contrast.count < MIN_TEXTS) {
            throw new IllegalStateException("each side needs " + MIN_TEXTS + " texts: " + texts.count + " texts, "
                    + contrast.count + " contrast texts");
        }
        double meanTexts = texts.mean(layer, neuron);
        double meanContrast = contrast.mean(layer, neuron);
        double pooled = ((texts.count - 1) * texts.variance(layer, neuron)
                + (contrast.count - 1) * contrast.variance(layer, neuron)) / (texts.count + contrast.count - 2);
        double selectivity = (meanTexts - meanContrast) / Math.sqrt(pooled + SPREAD_FLOOR * SPREAD_FLOOR);
        return new Score(layer, neuron, selectivity, meanTexts, meanContrast);
    }

    /** The {@code count} most selective neurons of the given layers, most selective first (ties by layer, index). */
    public List<Score> top(int count, Collection<Integer> layers) {
        List<Score> scores = new ArrayList<>();
        for (int layer : layers) {
            for (int neuron = 0; neuron < ConfigurableGraph.NEURONS; neuron++) {
                scores.add(score(layer, neuron));
            }
        }
        scores.sort(Comparator.comparingDouble(Score::selectivity).reversed()
                .thenComparingInt(Score::layer).thenComparingInt(Score::neuron));
        return List.copyOf(scores.subList(0, Math.min(count, scores.size())));
    }

    /** Running sums of profiles, in double, for means and sample variances. */
    private static final class Moments {
        private final double[][] sum = new double[LoraSite.LAYERS][ConfigurableGraph.NEURONS];
        private final double[][] squares = new double[LoraSite.LAYERS][ConfigurableGraph.NEURONS];
        private int count;

        public void add(float[][] profile) {
            for (int layer = 0; layer < LoraSite.LAYERS; layer++) {
                for (int neuron = 0; neuron < ConfigurableGraph.NEURONS; neuron++) {
                    double value = profile[layer][neuron];
                    sum[layer][neuron] += value;
                    squares[layer][neuron] += value * value;
                }
            }
            count++;
        }

        double mean(int layer, int neuron) {
            return sum[layer][neuron] / count;
        }

        double variance(int layer, int neuron) {
            double mean = mean(layer, neuron);
            return Math.max(0, (squares[layer][neuron] - count * mean * mean) / (count - 1));
        }
    }
}
