package dev.brickyard.tools.merge;

import static dev.brickyard.tools.card.BrickCard.yaml;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.MergeProvenance;
import dev.brickyard.tools.card.BrickCard;
import dev.brickyard.tools.merge.LowRankDelta;
import dev.brickyard.tools.merge.MergeParameters;
import dev.brickyard.tools.pack.BrickPacker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The card of a merged brick, {@code brick/README.md}: front matter like a trained brick's with the {@code merge}
 * record, then what the brick does, its parents and how they were merged (method, parameters, for a head its labels
 * and any reordering, for an adapter each site's rank and truncation error) and the command that merges them again.
 */
public final class MergeCard {
    /** The sections each {@code brick merge} writes anew; the author's other sections are kept. */
    public static final List<String> RUN_SECTIONS = List.of("parents", "merge");

    private MergeCard() {
    }

    public static String of(BrickManifest manifest, BrickMerge.Result merge) {
        MergeProvenance provenance = manifest.merge();
        StringBuilder card = BrickCard.frontMatter(manifest);
        card.append("merge:\n")
                .append("  method: ").append(provenance.method()).append('\n')
                .append("  weights: ").append(yaml(provenance.weights())).append('\n');
        if (provenance.density() != null) {
            card.append("  density: ").append(number(provenance.density())).append('\n');
        }
        if (provenance.seed() != null) {
            card.append("  seed: ").append(provenance.seed()).append('\n');
        }
        if (provenance.rank() != null) {
            card.append("  rank: ").append(provenance.rank()).append('\n');
        }
        card.append("  parents:\n");
        for (MergeProvenance.Parent parent : provenance.parents()) {
            card.append("    - id: ").append(parent.id()).append('\n')
                    .append("      version: ").append(parent.version()).append('\n')
                    .append("      digest: ").append(parent.digest()).append('\n');
        }
        card.append("metrics:\n");
        new TreeMap<>(manifest.metrics()).forEach((key, value) -> card.append("  ").append(key).append(": ")
                .append(number(value)).append('\n'));
        card.append("---\n\n")
                .append("# ").append(manifest.id()).append("\n\n")
                .append(manifest.description()).append("\n\n");
        int parents = merge.parents().size();
        if (merge.kind() == BrickKind.HEAD) {
            card.append("A head brick for ").append(manifest.base().name()).append(", merged from ").append(parents)
                    .append(" heads by ").append(provenance.method()).append(": it reads the pooled, normalised ")
                    .append(manifest.base().dim()).append("-wide sentence embedding and gives a probability for each ")
                    .append("of ").append(manifest.labels().size()).append(" labels: ")
                    .append(labels(manifest.labels())).append(".\n\n");
        } else {
            card.append("An adapter brick for ").append(manifest.base().name()).append(", merged from ")
                    .append(parents).append(" adapters by ").append(provenance.method()).append(": it adds a low-rank ")
                    .append("delta to ").append(manifest.adapter().sites().size())
                    .append(manifest.adapter().sites().size() == 1 ? " weight matrix" : " weight matrices")
                    .append(" inside the base model, so the bricks that read the sentence embedding read the adapted ")
                    .append("one.\n\n");
        }
        card.append("## Parents\n\n")
                .append("| # | brick | version | weight | digest |\n")
                .append("|---|---|---|---|---|\n");
        for (int i = 0; i < parents; i++) {
            MergeProvenance.Parent parent = provenance.parents().get(i);
            card.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | `%s` |%n", i + 1, parent.id(),
                    parent.version(), number(provenance.weights().get(i)), parent.digest()));
        }
        card.append("\n## Merge\n\n").append(method(merge.parameters())).append(' ')
                .append(parameters(provenance)).append("\n\n");
        if (merge.kind() == BrickKind.HEAD) {
            head(card, manifest, merge);
        } else {
            adapter(card, merge);
        }
        card.append(merge.routingKey().length == 0
                ? "No parent has a routing key, so the merged brick takes part in routing only when named.\n\n"
                : "The routing key is the normalised weighted mean of the routing keys of the parents that have one "
                        + "and a positive weight.\n\n");
        card.append("Merge it again (each parent's bundle under its conventional name):\n\n```\n")
                .append(command(manifest, merge)).append("\n```\n\n")
                .append("## Intended use\n\n")
                .append("Inputs each parent is meant for. A merge keeps part of each parent's effect, not all of it, ")
                .append("so check the merged brick on each parent's task before relying on it.\n");
        return card.toString();
    }

    private static void head(StringBuilder card, BrickManifest manifest, BrickMerge.Result merge) {
        card.append("W and b of the heads are merged as one task vector, W row by row, then b. Labels, in the first ")
                .append("parent's order: ").append(labels(manifest.labels())).append(".\n\n");
        merge.reordered().forEach((parent, own) -> card.append(parent.described()).append(" answers ")
                .append(labels(own))
                .append(": its columns of W and b were reordered to this order before merging.\n\n"));
    }

    private static void adapter(StringBuilder card, BrickMerge.Result merge) {
        boolean concatenated = merge.rank() == null;
        card.append(concatenated
                ? "Each site's factors were concatenated, [w₁·A₁ | w₂·A₂ | …]·[B₁; B₂; …], which is exactly "
                        + "Σ wᵢ·Aᵢ·Bᵢ: its rank is the sum of the parents' ranks there and nothing is truncated."
                : "Each site's dense deltas Aᵢ·Bᵢ were merged entry by entry, then factored again by a truncated SVD "
                        + "to at most " + (merge.requestedRank() != null ? "rank " + merge.requestedRank()
                        : "the largest rank a parent has at the site")
                        + ". The truncation error is ‖ΔW − A·B‖ / ‖ΔW‖ (Frobenius) of the merged delta ΔW.")
                .append(" A parent without a site counts as zero there.\n\n")
                .append("| site | rank | parents' ranks | truncation error |\n")
                .append("|---|---|---|---|\n");
        for (Map.Entry<String, int[]> site : merge.parentRanks().entrySet()) {
            LowRankDelta delta = merge.adapter().deltas().get(site.getKey());
            List<String> ranks = new ArrayList<>();
            for (int rank : site.getValue()) {
                ranks.add(rank == 0 ? "–" : Integer.toString(rank));
            }
            card.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", site.getKey(),
                    delta == null ? "0 (zero: left unchanged)" : Integer.toString(delta.rank()),
                    String.join(", ", ranks), delta == null ? "–" : String.format(Locale.ROOT, "%.2e",
                            merge.adapter().truncationErrors().get(site.getKey()))));
        }
        card.append('\n');
    }

    /** What the method does, in one or two sentences. */
    private static String method(MergeParameters parameters) {
        return switch (parameters.method()) {
            case LINEAR -> "Linear: the weighted average Σ wᵢ·θᵢ of the parents' parameters, the weights normalised to "
                    + "sum 1.";
            case TASK_ARITHMETIC -> "Task arithmetic: the weighted sum Σ wᵢ·θᵢ of the parents' parameters, the weights "
                    + "not normalised (a negative weight subtracts a parent).";
            case TIES -> "TIES: each parent keeps only its largest entries by magnitude (the density), a sign is "
                    + "elected per entry by the weighted sum, and the entries that agree with it are averaged with "
                    + "their weights.";
            case DARE -> "DARE: each entry of each parent is kept with probability density (seeded draws) and "
                    + "rescaled by 1/density, then the parents are summed with their weights.";
        };
    }

    private static String parameters(MergeProvenance provenance) {
        StringBuilder text = new StringBuilder("Weights as used: ")
                .append(provenance.weights().stream().map(MergeCard::number).collect(Collectors.joining(", ")));
        if (provenance.density() != null) {
            text.append("; density ").append(number(provenance.density()));
        }
        if (provenance.seed() != null) {
            text.append("; seed ").append(provenance.seed());
        }
        if (provenance.rank() != null) {
            text.append("; re-compressed to rank ").append(provenance.rank());
        }
        return text.append('.').toString();
    }

    private static String command(BrickManifest manifest, BrickMerge.Result merge) {
        MergeProvenance provenance = manifest.merge();
        StringBuilder command = new StringBuilder("brick merge");
        for (ParentBrick parent : merge.parents()) {
            command.append(' ').append(BrickPacker.fileName(parent.manifest()));
        }
        command.append(" --method ").append(provenance.method()).append(" --weights ")
                .append(provenance.weights().stream().map(MergeCard::number).collect(Collectors.joining(",")));
        if (provenance.density() != null) {
            command.append(" --density ").append(number(provenance.density()));
        }
        if (provenance.seed() != null) {
            command.append(" --seed ").append(provenance.seed());
        }
        if (merge.requestedRank() != null) {
            command.append(" --rank ").append(merge.requestedRank());
        }
        return command.append(" -o DIR --id ").append(manifest.id()).toString();
    }

    private static String labels(List<String> labels) {
        return labels.stream().map(label -> "`" + label + "`").collect(Collectors.joining(", "));
    }

    /** A number without a needless {@code .0}. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
