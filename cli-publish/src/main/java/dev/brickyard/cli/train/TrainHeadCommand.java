package dev.brickyard.cli.train;

import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.PrecisionMetrics;
import dev.brickyard.cli.Invocation;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.FolderWritten;
import dev.brickyard.cli.output.JsonOption;
import dev.brickyard.tools.card.BrickCard;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.data.LabelledTsv;
import dev.brickyard.tools.pack.BrickFolder;
import dev.brickyard.tools.pack.ProvenanceStatement.Material;
import dev.brickyard.tools.pack.ProvenanceStatement;
import dev.brickyard.tools.train.HeadTraining;
import dev.brickyard.tools.train.SoftmaxRegression;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brick train head}: labelled text in, a head brick folder (brick.json, README.md, head.onnx) out. */
@Command(name = "head",
        description = {"Train a classification head on base-model embeddings of labelled text.",
                "DATA is UTF-8, one 'text<TAB>label' per line. Metadata not given as options is taken from an "
                        + "existing brick.json in the output folder."})
public final class TrainHeadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;


    @Option(names = "--data", required = true, paramLabel = "TSV", description = "Training examples.")
    Path data;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Brick folder to write.")
    Path out;

    @Option(names = "--heldout", paramLabel = "TSV",
            description = "Held-out examples; without it a stratified fraction of DATA is held out.")
    Path heldout;

    @Option(names = "--holdout-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share of each label held out when --heldout is not given (default: ${DEFAULT-VALUE}).")
    double holdoutFraction;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the held-out split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "400", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--l2", defaultValue = "0.01", description = "L2 penalty (default: ${DEFAULT-VALUE}).")
    double l2;

    @Mixin
    JsonOption json;

    @Mixin
    MetadataOptions metadataOptions;

    @Override
    public Integer call() throws Exception {
        if (holdoutFraction <= 0 || holdoutFraction >= 1) {
            throw new UsageException("--holdout-fraction must be between 0 and 1");
        }
        if (epochs <= 0 || l2 < 0) {
            throw new UsageException("--epochs must be positive and --l2 not negative");
        }
        BrickMetadata metadata = metadataOptions.resolve(out);
        HeadTraining.Plan plan = new HeadTraining.Plan(metadata, LabelledTsv.read(data),
                heldout == null ? List.of() : LabelledTsv.read(heldout), holdoutFraction, seed,
                data.toString(), heldout == null ? null : heldout.toString(),
                new SoftmaxRegression.Settings(epochs, SoftmaxRegression.Settings.DEFAULT.learningRate(), l2));
        HeadTraining.Result result;
        // The other build only measures the held-out answers: hosts serving int8 read them (brick precision).
        try (BaseModel baseModel = BaseModel.load(); BaseModel int8 = BaseModel.load(BaseModelVariant.INT8)) {
            result = HeadTraining.train(baseModel, int8, plan);
        }
        BrickFolder.write(out, result.manifest(), Map.of("head.onnx", result.onnx()), result.card(),
                BrickCard.HEAD_RUN_SECTIONS);
        ProvenanceStatement.write(out, result.manifest(), Invocation.commandLine(spec),
                heldout == null ? List.of(Material.file(data))
                        : List.of(Material.file(data), Material.file(heldout)));
        if (json.json()) {
            json.print(FolderWritten.of(result.manifest(), out, Map.of("training_examples", result.trainCount(),
                    "heldout_examples", result.evaluation().total())));
            return 0;
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "trained %s@%s: %d labels, %d training examples%n", result.manifest().id(),
                result.manifest().version(), result.manifest().labels().size(), result.trainCount());
        printer.printf(Locale.ROOT, "held-out accuracy %.1f %% (%d of %d), macro-F1 %.3f%n",
                100 * result.evaluation().accuracy(), result.evaluation().correct(), result.evaluation().total(),
                result.evaluation().macroF1());
        if (result.evaluation().correct() == result.evaluation().total()) {
            printer.printf(Locale.ROOT, "not calibrated (temperature 1): every held-out example is right; expected "
                    + "calibration error %.3f%n", result.calibration().errorBefore());
        } else {
            printer.printf(Locale.ROOT, "calibrated with temperature %.3f: expected calibration error %.3f before, "
                            + "%.3f after (held-out, cross-validated)%n", result.calibration().temperature(),
                    result.calibration().errorBefore(), result.calibration().errorAfter());
        }
        Map<String, Double> metrics = result.manifest().metrics();
        printer.printf(Locale.ROOT, "on the int8 build: held-out accuracy %.1f %%, %.1f %% of answers the same%n",
                100 * metrics.get("heldout_accuracy_int8"),
                100 * metrics.get(PrecisionMetrics.agreementKey(BaseModelVariant.INT8)));
        printer.printf("wrote %s%n", out.resolve("brick.json"));
        return 0;
    }
}
