package dev.brickyard.tools.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.knowledge.KnowledgeFact;
import dev.brickyard.tools.train.CalibrationError;
import dev.brickyard.tools.train.Evaluation;
import dev.brickyard.tools.train.HeadTraining;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the brick card, {@code brick/README.md}: YAML front matter with the facts a registry indexes (like a
 * Hugging Face model card), then what the brick does, how well it did on held-out data (a head) or a sample of its
 * facts (a knowledge brick), and how to reproduce it.
 */
public final class BrickCard {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The sections of a head's card that each training run writes anew. */
    public static final List<String> HEAD_RUN_SECTIONS = List.of("evaluation", "precision", "training");
    /**
     * The sections of a knowledge brick's card that each run writes anew; its {@code Precision} section goes too, as
     * new facts make it stale ({@code brick precision} writes it again).
     */
    public static final List<String> KNOWLEDGE_RUN_SECTIONS = List.of("facts", "precision", "training");
    /** Facts a knowledge brick's card lists as a sample. */
    public static final int LISTED_FACTS = 10;

    private BrickCard() {
    }

    public static String forHead(BrickManifest manifest, Evaluation evaluation, HeadTraining.Calibration calibration,
                                 int trainCount, HeadTraining.Plan plan) {
        StringBuilder card = frontMatter(manifest);
        card.append("metrics:\n")
                .append("  heldout_accuracy: ").append(format(evaluation.accuracy())).append('\n')
                .append("  heldout_macro_f1: ").append(format(evaluation.macroF1())).append('\n')
                .append("  heldout_ece: ").append(format(calibration.errorAfter())).append('\n')
                .append("---\n\n");
        card.append("# ").append(manifest.id()).append("\n\n")
                .append(manifest.description()).append("\n\n")
                .append("A head brick for ").append(manifest.base().name()).append(": it reads the pooled, normalised ")
                .append(manifest.base().dim()).append("-wide sentence embedding and gives a probability for each of ")
                .append(manifest.labels().size()).append(" labels: ")
                .append(manifest.labels().stream().map(label -> "`" + label + "`").collect(Collectors.joining(", ")))
                .append(".\n\n");
        card.append("## Evaluation\n\n")
                .append(String.format(Locale.ROOT, "Held-out accuracy: **%.1f %%** (%d of %d), macro-F1 %.3f.%n%n",
                        100 * evaluation.accuracy(), evaluation.correct(), evaluation.total(), evaluation.macroF1()))
                .append("| label | precision | recall | F1 | held-out examples |\n")
                .append("|---|---|---|---|---|\n");
        for (int k = 0; k < manifest.labels().size(); k++) {
            card.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %d |%n", manifest.labels().get(k),
                    evaluation.precision(k), evaluation.recall(k), evaluation.f1(k), evaluation.support(k)));
        }
        card.append(evaluation.correct() == evaluation.total()
                ? String.format(Locale.ROOT, "%nCalibration: none (T = 1): the head answers every held-out example "
                        + "right, so they cannot tell how confident it should be.")
                : String.format(Locale.ROOT, "%nCalibration: the probabilities are temperature-scaled with T = %.3f, "
                        + "fitted on the held-out split (its negative log-likelihood); the weights and bias are "
                        + "divided by T, which changes no answer.", calibration.temperature()));
        card.append(String.format(Locale.ROOT, " Expected calibration error on the held-out split (%d "
                        + "equal-width confidence bins): **%.3f** before scaling, **%.3f** after. The after figure is "
                        + "%d-fold cross-validated on the held-out split (each fold scaled with a T fitted on the other "
                        + "folds), so it does not reward fitting T and measuring on the same examples.%n",
                CalibrationError.DEFAULT_BINS, calibration.errorBefore(),
                calibration.errorAfter(), HeadTraining.CALIBRATION_FOLDS));
        card.append("\n## Training\n\n")
                .append(String.format(Locale.ROOT, "Multinomial logistic regression (L2 %s, %d epochs of full-batch "
                                + "Adam from zero weights) on %d embedded examples from `%s`; ",
                        plan.settings().l2(), plan.settings().epochs(), trainCount, plan.trainSource()))
                .append(plan.heldoutSource() == null
                        ? String.format(Locale.ROOT, "%.0f %% of each label held out with seed %d.",
                        100 * plan.holdoutFraction(), plan.seed())
                        : "held-out examples from `" + plan.heldoutSource() + "`.")
                .append(" The routing key is the normalised centroid of the training embeddings.\n\n")
                .append("Reproduce the weights:\n\n```\nbrick train head --data ").append(plan.trainSource())
                .append(plan.heldoutSource() == null ? String.format(Locale.ROOT, " --holdout-fraction %s --seed %d",
                        plan.holdoutFraction(), plan.seed()) : " --heldout " + plan.heldoutSource())
                .append(String.format(Locale.ROOT, " --epochs %d --l2 %s --out DIR%n```%n%n", plan.settings().epochs(),
                        plan.settings().l2()))
                .append("## Intended use\n\n")
                .append("Short English texts like the training data. The brick knows only its labels ")
                .append("and answers with one of them for any input, so check the confidence.\n");
        return card.toString();
    }

    /**
     * A knowledge brick's card: front matter like a head's with the number of facts as its metric, what the brick
     * answers, a sample of its facts and how to rebuild it.
     */
    public static String forKnowledge(BrickManifest manifest, List<KnowledgeFact> facts, String source) {
        StringBuilder card = frontMatter(manifest);
        card.append("metrics:\n")
                .append("  facts: ").append(facts.size()).append('\n')
                .append("---\n\n");
        card.append("# ").append(manifest.id()).append("\n\n")
                .append(manifest.description()).append("\n\n")
                .append("A knowledge brick for ").append(manifest.base().name()).append(": it holds ")
                .append(facts.size()).append(facts.size() == 1 ? " fact" : " facts")
                .append(", each a key text and a value. It reads the pooled, normalised ")
                .append(manifest.base().dim()).append("-wide sentence embedding of an input and answers with the facts ")
                .append("whose keys are most similar in meaning, each with its cosine similarity (-1 to 1).\n\n");
        card.append("## Facts\n\n");
        int listed = Math.min(LISTED_FACTS, facts.size());
        card.append(listed == facts.size() ? "All " + listed : "The first " + listed + " of " + facts.size())
                .append(" facts:\n\n| key | value |\n|---|---|\n");
        for (KnowledgeFact fact : facts.subList(0, listed)) {
            card.append("| ").append(tableCell(fact.key())).append(" | ")
                    .append(tableCell(fact.value().isTextual() ? fact.value().textValue() : fact.value().toString()))
                    .append(" |\n");
        }
        card.append("\n## Training\n\n")
                .append("Each key of `").append(source).append("` is embedded with ").append(manifest.base().name())
                .append(" and L2-normalised; the key graph multiplies an input's embedding by these keys, so each ")
                .append("score is a cosine similarity. The values are kept as written. The routing key is the ")
                .append("normalised centroid of the key embeddings.\n\n")
                .append("Rebuild the brick:\n\n```\nbrick train knowledge --data ").append(source)
                .append(" --out DIR\n```\n\n")
                .append("## Intended use\n\n")
                .append("Questions and phrases close in meaning to the keys. The brick returns its best matches for ")
                .append("any input, so check the scores.\n");
        return card.toString();
    }

    /** A Markdown table cell: one line, pipes escaped, at most 80 characters. */
    private static String tableCell(String text) {
        String cell = text.replaceAll("\\s+", " ").strip();
        cell = cell.length() > 80 ? cell.substring(0, 77) + "..." : cell;
        return cell.replace("|", "\\|");
    }

    /**
     * The generated card of a head with the author's own sections from the card that was there before training;
     * {@code Evaluation} and {@code Training} always come from this training run.
     */
    public static String withAuthorSections(String generated, String previous) {
        return withAuthorSections(generated, previous, HEAD_RUN_SECTIONS);
    }

    /**
     * The generated card with the author's own sections from the card that was there before training: a section the
     * author wrote (a {@code ## } heading and what follows) replaces the generated one of the same heading or is
     * added at the end, except the sections the run owns.
     *
     * @param runOwnedSections lower-case headings always taken from {@code generated}
     */
    public static String withAuthorSections(String generated, String previous, List<String> runOwnedSections) {
        if (previous == null) {
            return generated;
        }
        Map<String, String> authored = sections(previous);
        authored.keySet().removeAll(runOwnedSections);
        if (authored.isEmpty()) {
            return generated;
        }
        StringBuilder card = new StringBuilder(generated.substring(0, generated.indexOf("\n## ") + 1));
        Map<String, String> generatedSections = sections(generated);
        generatedSections.forEach((heading, text) -> card.append(authored.getOrDefault(heading, text)).append("\n\n"));
        authored.forEach((heading, text) -> {
            if (!generatedSections.containsKey(heading)) {
                card.append(text).append("\n\n");
            }
        });
        return card.toString().stripTrailing() + "\n";
    }

    /**
     * The card with a {@code ## } section put in: it replaces the section of the same heading, or else goes before
     * the section headed {@code before} (lower case) when the card has one, or at the end.
     */
    public static String withSection(String card, String section, String before) {
        String heading = section.lines().findFirst().orElse("").substring(3).strip().toLowerCase(Locale.ROOT);
        Map<String, String> sections = sections(card);
        int start = card.indexOf("\n## ") + 1;
        if (start == 0) {
            return card.stripTrailing() + "\n\n" + section.stripTrailing() + "\n";
        }
        StringBuilder out = new StringBuilder(card.substring(0, start));
        boolean placed = false;
        for (Map.Entry<String, String> entry : sections.entrySet()) {
            if (entry.getKey().equals(heading)) {
                continue;
            }
            if (!placed && entry.getKey().equals(before)) {
                out.append(section.stripTrailing()).append("\n\n");
                placed = true;
            }
            out.append(entry.getValue()).append("\n\n");
        }
        if (!placed) {
            out.append(section.stripTrailing()).append("\n\n");
        }
        return out.toString().stripTrailing() + "\n";
    }

    /**
     * The card with these metrics set in its front matter's {@code metrics:} block (replaced where the block has the
     * key, added at its end otherwise; a block is added when the front matter has none).
     */
    public static String withFrontMatterMetrics(String card, Map<String, Double> metrics) {
        List<String> lines = new java.util.ArrayList<>(card.lines().toList());
        int end = lines.isEmpty() || !lines.get(0).equals("---") ? -1 : lines.subList(1, lines.size()).indexOf("---") + 1;
        if (end <= 0) {
            return card;
        }
        int block = lines.subList(0, end).indexOf("metrics:");
        if (block < 0) {
            lines.add(end, "metrics:");
            block = end;
            end++;
        }
        int blockEnd = block + 1;
        while (blockEnd < end && lines.get(blockEnd).startsWith("  ")) {
            blockEnd++;
        }
        for (Map.Entry<String, Double> metric : metrics.entrySet()) {
            double value = metric.getValue();
            String line = "  " + metric.getKey() + ": "
                    + (value == Math.rint(value) ? String.valueOf((long) value) : format(value));
            int existing = -1;
            for (int i = block + 1; i < blockEnd; i++) {
                if (lines.get(i).startsWith("  " + metric.getKey() + ":")) {
                    existing = i;
                }
            }
            if (existing >= 0) {
                lines.set(existing, line);
            } else {
                lines.add(blockEnd++, line);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** Each {@code ## } section by its lower-case heading, in order: heading and text, without trailing blanks. */
    private static Map<String, String> sections(String card) {
        Map<String, String> sections = new LinkedHashMap<>();
        String[] parts = ("\n" + card).split("\n(?=## )");
        for (int i = 1; i < parts.length; i++) {
            String heading = parts[i].lines().findFirst().orElse("").substring(3).strip().toLowerCase(Locale.ROOT);
            sections.putIfAbsent(heading, parts[i].stripTrailing());
        }
        return sections;
    }

    /**
     * The start of a card's YAML front matter with the facts a registry indexes, from {@code ---} to the labels (if
     * any); the caller adds its own fields and the closing {@code ---}.
     */
    public static StringBuilder frontMatter(BrickManifest manifest) {
        StringBuilder card = new StringBuilder();
        // Values are written as JSON strings and arrays, which YAML reads as they are whatever they contain.
        card.append("---\n")
                .append("id: ").append(manifest.id()).append('\n')
                .append("version: ").append(manifest.version()).append('\n')
                .append("kind: ").append(manifest.kind().jsonName()).append('\n')
                .append("origin: ").append(manifest.origin().jsonName()).append('\n')
                .append("license: ").append(yaml(manifest.license())).append('\n')
                .append("base_model: ").append(manifest.base().name()).append('\n')
                .append("tags: ").append(yaml(manifest.tags())).append('\n');
        if (!manifest.labels().isEmpty()) {
            card.append("labels: ").append(yaml(manifest.labels())).append('\n');
        }
        return card;
    }

    /** A value as YAML: written as JSON, which YAML reads as it is whatever it contains. */
    public static String yaml(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("texts and lists of texts always serialise", e);
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
