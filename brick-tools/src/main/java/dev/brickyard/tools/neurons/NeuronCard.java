package dev.brickyard.tools.neurons;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.tools.card.BrickCard;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes a neuron brick's card, {@code brick/README.md}: the front matter every generated card has (plus the mode
 * and the headline numbers), what the brick names and does, the table of its neurons with their scores, the measured
 * effect of its mask on the texts and on the contrast texts, and how it was found.
 */
public final class NeuronCard {
    private NeuronCard() {
    }

    public static String of(BrickManifest manifest, List<NeuronSelectivity.Score> chosen, NeuronFinding.Effect effect,
                     NeuronFinding.Plan plan) {
        NeuronSelection selection = manifest.neurons();
        boolean ablate = selection.mode() == NeuronSelection.Mode.ABLATE;
        StringBuilder card = BrickCard.frontMatter(manifest);
        card.append("neuron_mode: ").append(selection.mode().jsonName()).append('\n')
                .append("metrics:\n")
                .append("  neurons: ").append(chosen.size()).append('\n')
                .append("  texts_shift_mean: ").append(decimal(effect.textsShift())).append('\n')
                .append("  contrast_shift_mean: ").append(decimal(effect.contrastShift())).append('\n')
                .append("---\n\n");

        List<String> layers = selection.layers().keySet().stream().toList();
        card.append("# ").append(manifest.id()).append("\n\n")
                .append(manifest.description()).append("\n\n")
                .append("A neuron brick for ").append(manifest.base().name()).append(": it names ")
                .append(chosen.size()).append(chosen.size() == 1 ? " FFN neuron" : " FFN neurons")
                .append(" of layer").append(layers.size() == 1 ? " " : "s ").append(join(layers))
                .append(" that fire more on texts like those of `").append(plan.textsSource())
                .append("` than on the contrast texts of `").append(plan.contrastSource()).append("`. ")
                .append(ablate ? "Applied to an input, it silences them (mode `ablate`) and keeps every other neuron."
                        : "Applied to an input, it silences every other neuron of their layers (mode `keep-only`) and "
                        + "leaves the other layers alone.")
                .append(" It has no weights: name it in a request to a host (`\"bricks\": [\"").append(manifest.id())
                .append("\"]`), and the base model runs with the mask for that request only.\n\n");

        card.append("## Neurons\n\n")
                .append("Most selective first. The selectivity is *d* of [Finding](#finding); the means are the "
                        + "activations averaged over each text's word pieces, then over the texts.\n\n")
                .append("| rank | layer | neuron | selectivity | mean on texts | mean on contrast |\n")
                .append("|---|---|---|---|---|---|\n");
        for (int i = 0; i < chosen.size(); i++) {
            NeuronSelectivity.Score score = chosen.get(i);
            card.append(String.format(Locale.ROOT, "| %d | %d | %d | %.3f | %.4f | %.4f |%n", i + 1, score.layer(),
                    score.neuron(), score.selectivity(), score.meanTexts(), score.meanContrast()));
        }

        card.append("\n## Effect\n\n")
                .append(String.format(Locale.ROOT, "Measured when the brick was found: with the mask, the sentence "
                                + "embeddings of the %d texts moved by **%s** on average (1 − cosine between the "
                                + "embedding without and with the mask), those of the %d contrast texts by **%s**",
                        plan.texts().size(), decimal(effect.textsShift()), plan.contrast().size(),
                        decimal(effect.contrastShift())));
        if (effect.textsShift() > effect.contrastShift()) {
            card.append(Double.isInfinite(effect.ratio()) ? ".\n\n" : String.format(Locale.ROOT,
                    ": the texts moved %.1f times as far.%n%n", effect.ratio()));
        } else {
            card.append(": the texts moved no further than the contrast texts, so these neurons do not single out "
                    + "the texts. Try more or more distinct texts, other layers or another `--top`.\n\n");
        }

        card.append("## Finding\n\n")
                .append(String.format(Locale.ROOT, "%d texts from `%s` and %d contrast texts from `%s` were run "
                                + "through the full-precision base model. A text's profile is each FFN activation "
                                + "(the GELU output of a layer's feed-forward block, before any mask) averaged over "
                                + "its word pieces, `[CLS]` and `[SEP]` included. For every neuron of layer%s %s, "
                                + "with μ and s² the mean and sample variance of its profile over the texts (T) and "
                                + "over the contrast texts (C):%n%n",
                        plan.texts().size(), plan.textsSource(), plan.contrast().size(), plan.contrastSource(),
                        plan.layers().size() == 1 ? "" : "s", LayerList.format(plan.layers())))
                .append("```\nd = (μT − μC) / sqrt(sp² + ε²)    sp² = ((nT − 1)·sT² + (nC − 1)·sC²) / (nT + nC − 2)")
                .append("    ε = ").append(NeuronSelectivity.SPREAD_FLOOR).append("\n```\n\n")
                .append("The ").append(plan.top()).append(" neurons with the highest *d* were kept (ties by layer, "
                        + "then index); ε keeps a neuron that barely varies from ranking high on a tiny difference. "
                        + "The routing key is the normalised mean embedding of the texts.\n\n")
                .append("Find them again:\n\n```\n").append(plan.command()).append("\n```\n\n");

        card.append("## Intended use\n\n")
                .append("Probing and ablation: compare a host's answers with and without the brick named, or read "
                        + "the activations it changes (`brick host activations`). The neurons are picked by a "
                        + "difference in mean activation on two small sets of texts, which shows association, not "
                        + "that they cause any behaviour; check the effect on your own inputs.\n");
        return card.toString();
    }

    private static String join(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return items.subList(0, items.size() - 1).stream().collect(Collectors.joining(", ")) + " and "
                + items.get(items.size() - 1);
    }

    /** Four significant decimals of a shift, which can be small: 0.0123, 0.000412. */
    private static String decimal(double value) {
        return value != 0 && Math.abs(value) < 0.001 ? String.format(Locale.ROOT, "%.6f", value)
                : String.format(Locale.ROOT, "%.4f", value);
    }
}
