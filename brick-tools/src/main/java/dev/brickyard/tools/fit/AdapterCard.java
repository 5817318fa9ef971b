package dev.brickyard.tools.fit;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.tools.card.BrickCard;
import dev.brickyard.tools.fit.AdapterFit;
import dev.brickyard.tools.fit.AdapterFitSettings;
import dev.brickyard.tools.fit.ControlEvaluation;
import dev.brickyard.tools.fit.FitEvaluation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes an adapter brick's card, {@code brick/README.md}: the front matter every generated card has (plus the sites
 * and the headline metrics), then what the adapter changes, its effect on held-out pairs and on control sentences
 * against the stated bound, and the command that fits it again.
 */
public final class AdapterCard {
    private AdapterCard() {
    }

    public static String of(BrickManifest manifest, AdapterFit.Result fit, AdapterFitting.Plan plan) {
        AdapterFitSettings settings = plan.settings();
        FitEvaluation heldOut = fit.heldOut();
        FitEvaluation training = fit.training();
        ControlEvaluation controls = fit.controls();
        int targets = plan.targets().size();
        StringBuilder card = BrickCard.frontMatter(manifest);
        card.append("adapter_sites: ").append(BrickCard.yaml(manifest.adapter().sites())).append('\n')
                .append("metrics:\n");
        if (heldOut.pairs() > 0) {
            card.append("  heldout_similarity_before: ").append(decimal(heldOut.similarityBefore())).append('\n')
                    .append("  heldout_similarity_after: ").append(decimal(heldOut.similarityAfter())).append('\n')
                    .append("  heldout_recall_at_1_before: ").append(decimal(heldOut.recallBefore())).append('\n')
                    .append("  heldout_recall_at_1_after: ").append(decimal(heldOut.recallAfter())).append('\n');
        }
        card.append("  control_shift_mean: ").append(decimal(controls.meanShift())).append('\n')
                .append("  control_shift_max: ").append(decimal(controls.maxShift())).append('\n')
                .append("  control_shift_bound: ").append(settings.maxControlShift()).append('\n')
                .append("---\n\n");

        card.append("# ").append(manifest.id()).append("\n\n")
                .append(manifest.description()).append("\n\n")
                .append("An adapter brick for ").append(manifest.base().name()).append(": it adds a low-rank (LoRA) ")
                .append("delta of rank ").append(join(fit.sites().values().stream().distinct().sorted()
                        .map(String::valueOf).toList()))
                .append(" to the FFN output matrix of layer").append(settings.layers().size() == 1 ? " " : "s ")
                .append(join(settings.layers().stream().sorted().map(String::valueOf).toList()))
                .append(", so that the sentence embedding of a text using one of its ").append(targets)
                .append(" terms moves toward the embedding of what the term means. It has no graph and no labels of ")
                .append("its own: name it in a request, and the bricks that answer read the adapted embedding.\n\n");

        card.append("## Evaluation\n\n");
        if (heldOut.pairs() > 0) {
            card.append(String.format(Locale.ROOT, "On %d held-out pairs (texts the fit never saw), the similarity "
                            + "to the target went from **%.3f to %.3f** and recall@1 from **%.1f %% to %.1f %%**.%n%n",
                    heldOut.pairs(), heldOut.similarityBefore(), heldOut.similarityAfter(),
                    100 * heldOut.recallBefore(), 100 * heldOut.recallAfter()));
        } else {
            card.append("No pairs were held out (`--holdout-fraction 0`, or no target has two texts), so only the ")
                    .append("training pairs measure the fit.\n\n");
        }
        card.append("| pairs | count | similarity to target, before -> after | recall@1 among ").append(targets)
                .append(" targets, before -> after |\n|---|---|---|---|\n");
        if (heldOut.pairs() > 0) {
            card.append(row("held out", heldOut));
        }
        card.append(row("training", training)).append('\n')
                .append("Similarity is the mean cosine similarity of a text's embedding to its target's; recall@1 is ")
                .append("the share of texts whose nearest target, among all targets, is their own. Targets are ")
                .append("embedded without the adapter.\n\n")
                .append(String.format(Locale.ROOT, "**Control sentences.** The adapter moves the embeddings of %d "
                                + "%scontrol sentences by %.4f on average and %.4f at most (1 - cosine to the "
                                + "original embedding), within the stated bound of %s for the average. The "
                                + "similarity within a control pair changed by %.4f on average and %.4f at most.%n%n",
                        controls.texts(), plan.controls().size() < 2 ? "" : "held-out ", controls.meanShift(),
                        controls.maxShift(), settings.maxControlShift(), controls.meanPairChange(),
                        controls.maxPairChange()))
                .append("| site | rank | truncation error |\n|---|---|---|\n");
        for (Map.Entry<LoraSite, Integer> site : fit.sites().entrySet()) {
            card.append(String.format(Locale.ROOT, "| `%s` | %d | %.4f |%n", site.getKey().name(), site.getValue(),
                    fit.truncationErrors().getOrDefault(site.getKey(), Double.NaN)));
        }
        card.append("\nThe truncation error is the relative Frobenius error of cutting each site's fitted delta down ")
                .append("to its rank.\n\n");

        card.append("## Training\n\n")
                .append(String.format(Locale.ROOT, "A closed-form fit (ridge-regularised least squares on the "
                                + "activations, truncated by SVD to rank %d; %d round%s over the layers in the order "
                                + "%s) on %d pairs from `%s` (%d targets; %d fitted, %d held out: %.0f %% of each "
                                + "target's texts, seed %d) and %d control pairs from `%s` (%d held out), with "
                                + "ridge %s and strength %s. The routing key is the normalised mean embedding of "
                                + "the pair texts.%n%n",
                        settings.rank(), settings.rounds(), settings.rounds() == 1 ? "" : "s",
                        settings.layers().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                        plan.pairs().size(), plan.pairsSource(), targets, training.pairs(), heldOut.pairs(),
                        100 * settings.heldOutShare(), settings.seed(), plan.controls().size(), plan.controlsSource(),
                        plan.controls().size() < 2 ? 0 : controls.texts() / 2, settings.ridge(), settings.strength()))
                .append("Fit it again (the metadata comes from `brick.json` in the output folder):\n\n```\n")
                .append(command(plan)).append("\n```\n\n")
                .append("## Intended use\n\n")
                .append("Texts like the pairs' texts, in requests that name this adapter together with the bricks ")
                .append("that should read the adapted embedding. Its effect on other text was measured only on the ")
                .append("control sentences above.\n");
        return card.toString();
    }

    /** The command that fits this adapter again, every fit option spelled out. */
    public static String command(AdapterFitting.Plan plan) {
        AdapterFitSettings settings = plan.settings();
        return "brick fit adapter --pairs " + plan.pairsSource() + " --controls " + plan.controlsSource()
                + " --rank " + settings.rank()
                + " --layers " + settings.layers().stream().map(String::valueOf).collect(Collectors.joining(","))
                + " --ridge " + settings.ridge() + " --strength " + settings.strength()
                + " --rounds " + settings.rounds() + " --holdout-fraction " + settings.heldOutShare()
                + " --seed " + settings.seed() + " --max-control-shift " + settings.maxControlShift()
                + " --out " + plan.out();
    }

    private static String row(String split, FitEvaluation evaluation) {
        return String.format(Locale.ROOT, "| %s | %d | %.3f -> %.3f | %.1f %% -> %.1f %% |%n", split,
                evaluation.pairs(), evaluation.similarityBefore(), evaluation.similarityAfter(),
                100 * evaluation.recallBefore(), 100 * evaluation.recallAfter());
    }

    private static String join(List<String> items) {
        return items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
