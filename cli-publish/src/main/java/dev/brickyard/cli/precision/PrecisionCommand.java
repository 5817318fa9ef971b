package dev.brickyard.cli.precision;

import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.PrecisionMetrics;
import dev.brickyard.cli.output.JsonOption;
import dev.brickyard.tools.data.LabelledText;
import dev.brickyard.tools.data.LabelledTsv;
import dev.brickyard.tools.precision.PrecisionCheck;
import dev.brickyard.tools.precision.PrecisionComparison;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brick precision DIR --heldout TSV}: runs a head's or knowledge brick's held-out examples on the fp32 and the
 * int8 build of the base model and records the comparison in the folder's brick.json and card, where hosts serving
 * the other build read it.
 */
@Command(name = "precision", mixinStandardHelpOptions = true,
        description = {"Measure a head's or knowledge brick's held-out answers on the fp32 and the int8 build of the "
                + "base model, and record them in its brick.json (heldout_accuracy_int8, heldout_agreement_int8, ...) "
                + "and card (a Precision section).",
                "A host serving a build the brick was not trained on warns about it, or refuses it with "
                        + "--precision-mismatch refuse, when fewer than 98 %% of these answers stay the same."})
public final class PrecisionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Brick folder holding brick.json, README.md, weights.")
    Path folder;

    @Option(names = "--heldout", required = true, paramLabel = "TSV",
            description = "Held-out examples, text<TAB>answer: a head's label, or the key of the fact that answers a "
                    + "knowledge brick's question.")
    Path heldout;

    @Mixin
    JsonOption json;

    @Option(names = "--dry-run", description = "Print the comparison without changing the folder.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        List<LabelledText> examples = LabelledTsv.read(heldout);
        BaseModelVariant trainedOn = PrecisionCheck.trainedOn(
                ManifestJson.read(Files.readAllBytes(folder.resolve("brick.json"))));
        BaseModelVariant other = trainedOn == BaseModelVariant.FP32 ? BaseModelVariant.INT8 : BaseModelVariant.FP32;
        PrecisionComparison comparison;
        try (BaseModel trained = BaseModel.load(trainedOn); BaseModel otherModel = BaseModel.load(other)) {
            comparison = PrecisionCheck.measure(folder, examples, trained, otherModel);
        }
        if (json.json()) {
            if (!dryRun) {
                PrecisionCheck.record(folder, comparison);
            }
            json.print(new Compared(folder.toString(), comparison.onTrained().total(),
                    new Build(trainedOn.precision(), comparison.onTrained().accuracy(), comparison.onTrained().macroF1()),
                    new Build(other.precision(), comparison.onOther().accuracy(), comparison.onOther().macroF1()),
                    comparison.agreement(), comparison.sameAnswers(),
                    PrecisionMetrics.changesAnswers(comparison.agreement()), !dryRun));
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d held-out examples%n", comparison.onTrained().total());
        out.printf(Locale.ROOT, "  %-5s (trained on)  accuracy %5.1f %%  macro-F1 %.3f%n", trainedOn.precision(),
                100 * comparison.onTrained().accuracy(), comparison.onTrained().macroF1());
        out.printf(Locale.ROOT, "  %-5s               accuracy %5.1f %%  macro-F1 %.3f  same answer %.1f %% (%d of %d)%n",
                other.precision(), 100 * comparison.onOther().accuracy(), comparison.onOther().macroF1(),
                100 * comparison.agreement(), comparison.sameAnswers(), comparison.onTrained().total());
        out.printf(Locale.ROOT, "%s%n", PrecisionMetrics.changesAnswers(comparison.agreement())
                ? "the " + other.precision() + " build changes this brick's answers: hosts serving it will warn"
                : "the " + other.precision() + " build keeps this brick's answers");
        if (!dryRun) {
            PrecisionCheck.record(folder, comparison);
            out.printf("wrote %s and %s%n", folder.resolve("brick.json"), folder.resolve("README.md"));
        }
        return 0;
    }

    /**
     * What {@code --json} prints: the examples, each build's scores, the share of answers the other build keeps,
     * whether that share changes answers (below 98 %), and whether the folder was updated (not with --dry-run).
     */
    record Compared(String folder, int examples, Build trainedOn, Build other, double agreement, int sameAnswers,
                    boolean changesAnswers, boolean written) {
    }

    /** One base model build's scores on the held-out examples. */
    record Build(String precision, double accuracy, double macroF1) {
    }
}
