package dev.brickyard.tools.precision;

import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.PrecisionMetrics;
import dev.brickyard.tools.train.Evaluation;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A brick's held-out answers on the base model build it was trained on and on another build: accuracy on each, and
 * how many answers stay the same. Recorded in {@code brick.json} as the metrics {@code heldout_accuracy_<build>},
 * {@code heldout_macro_f1_<build>} and {@code heldout_agreement_<build>} (for example {@code heldout_agreement_int8}),
 * which a host serving that build reads to decide whether the brick's answers change there.
 *
 * @param sameAnswers held-out examples answered alike on both builds
 */
public record PrecisionComparison(BaseModelVariant trainedOn, Evaluation onTrained, BaseModelVariant other,
                                  Evaluation onOther, int sameAnswers) {

    /** Share of held-out answers that are the same on both builds. */
    public double agreement() {
        return onTrained.total() == 0 ? 0 : (double) sameAnswers / onTrained.total();
    }

    /**
     * The metrics to add to {@code brick.json}: held-out accuracy and macro-F1 on the build the brick was trained on
     * (the same a head's training measures), and accuracy, macro-F1 and agreement on the other build.
     */
    public Map<String, Double> metrics() {
        String build = other.precision();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("heldout_accuracy", round(onTrained.accuracy()));
        metrics.put("heldout_macro_f1", round(onTrained.macroF1()));
        metrics.put("heldout_examples", (double) onTrained.total());
        metrics.put("heldout_accuracy_" + build, round(onOther.accuracy()));
        metrics.put("heldout_macro_f1_" + build, round(onOther.macroF1()));
        metrics.put(PrecisionMetrics.agreementKey(other), round(agreement()));
        return metrics;
    }

    /** The card's {@code ## Precision} section. */
    public String cardSection(String baseModelName) {
        String trained = trainedOn.precision();
        String otherName = other.precision();
        StringBuilder section = new StringBuilder("## Precision\n\n")
                .append(String.format(Locale.ROOT, "Trained on the %s build of %s. The same %d held-out examples on "
                        + "each build:%n%n", trained, baseModelName, onTrained.total()))
                .append("| base model build | held-out accuracy | macro-F1 | answers as on ").append(trained)
                .append(" |\n|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| %s (trained on) | %.1f %% | %.3f | 100 %% |%n", trained,
                        100 * onTrained.accuracy(), onTrained.macroF1()))
                .append(String.format(Locale.ROOT, "| %s | %.1f %% | %.3f | %.1f %% (%d of %d) |%n%n", otherName,
                        100 * onOther.accuracy(), onOther.macroF1(), 100 * agreement(), sameAnswers,
                        onTrained.total()));
        if (PrecisionMetrics.changesAnswers(agreement())) {
            section.append(String.format(Locale.ROOT, "On the %s build this brick changes %d of %d answers: a host "
                            + "serving %s (`--precision %s`) warns when it installs the brick, or refuses it with "
                            + "`--precision-mismatch refuse`.%n", otherName, onTrained.total() - sameAnswers,
                    onTrained.total(), otherName, otherName));
        } else {
            section.append(String.format(Locale.ROOT, "A host serving %s (`--precision %s`) runs this brick without "
                    + "a warning: at least %.0f %% of its held-out answers are the same.%n", otherName, otherName,
                    100 * PrecisionMetrics.MIN_AGREEMENT));
        }
        return section.toString();
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
