package dev.brickyard.cli.train;

import dev.brickyard.base.BaseModel;
import dev.brickyard.cli.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    // No mixinStandardHelpOptions: its --version would clash with the brick's --version below.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--data", required = true, paramLabel = "TSV", description = "Training examples.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Brick folder to write.")
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

    @Option(names = "--id", paramLabel = "NS/NAME", description = "Brick id, e.g. acme/sentiment.")
    String id;

    @Option(names = "--version", paramLabel = "SEMVER", description = "Brick version (default 1.0.0).")
    String version;

    @Option(names = "--description", description = "One paragraph saying what the brick does.")
    String description;

    @Option(names = "--tag", paramLabel = "TAG", description = "A search tag; repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--license", description = "Licence of the weights (default Apache-2.0).")
    String license;

    @Option(names = "--author", paramLabel = "NAME", description = "An author; repeatable.")
    List<String> authors = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (holdoutFraction <= 0 || holdoutFraction >= 1) {
            throw new UsageException("--holdout-fraction must be between 0 and 1");
        }
        if (epochs <= 0 || l2 < 0) {
            throw new UsageException("--epochs must be positive and --l2 not negative");
        }
        BrickMetadata metadata = BrickMetadata.fromFolder(out)
                .overriddenBy(new BrickMetadata(id, version, description, tags, license, authors))
                .requireComplete();
        HeadTraining.Plan plan = new HeadTraining.Plan(metadata, LabelledTsv.read(data),
                heldout == null ? List.of() : LabelledTsv.read(heldout), holdoutFraction, seed,
                data.toString(), heldout == null ? null : heldout.toString(),
                new SoftmaxRegression.Settings(epochs, SoftmaxRegression.Settings.DEFAULT.learningRate(), l2));
        HeadTraining.Result result;
        try (BaseModel baseModel = BaseModel.load()) {
            result = HeadTraining.train(baseModel, plan);
        }
        try {
            dev.brickyard.api.ManifestJson.read(dev.brickyard.api.ManifestJson.write(result.manifest()));
        } catch (dev.brickyard.api.MalformedBrickException e) {
            throw new UsageException("the options would make an invalid brick.json: " + e.getMessage());
        }
        Path previousCard = out.resolve("README.md");
        String card = BrickCard.withAuthorSections(result.card(),
                Files.isRegularFile(previousCard) ? Files.readString(previousCard) : null);
        writeFolder(result, card);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "trained %s@%s: %d labels, %d training examples%n", result.manifest().id(),
                result.manifest().version(), result.manifest().labels().size(), result.trainCount());
        printer.printf(Locale.ROOT, "held-out accuracy %.1f %% (%d of %d), macro-F1 %.3f%n",
                100 * result.evaluation().accuracy(), result.evaluation().correct(), result.evaluation().total(),
                result.evaluation().macroF1());
        printer.printf("wrote %s%n", out.resolve("brick.json"));
        return 0;
    }

    /** Writes each file beside its final name, then moves them all in: a failure leaves the old files intact. */
    private void writeFolder(HeadTraining.Result result, String card) throws IOException {
        Files.createDirectories(out);
        Map<String, byte[]> files = Map.of(
                "head.onnx", result.onnx(),
                "README.md", card.getBytes(StandardCharsets.UTF_8),
                "brick.json", dev.brickyard.api.ManifestJson.write(result.manifest()));
        List<Path[]> moves = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path temporary = out.resolve("." + file.getKey() + ".tmp");
                moves.add(new Path[] {temporary, out.resolve(file.getKey())});
                Files.write(temporary, file.getValue());
            }
            for (Path[] move : moves) {
                Files.move(move[0], move[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            for (Path[] move : moves) {
                Files.deleteIfExists(move[0]);
            }
        }
    }
}
