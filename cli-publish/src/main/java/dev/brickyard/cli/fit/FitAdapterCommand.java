package dev.brickyard.cli.fit;

import dev.brickyard.cli.Invocation;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.FolderWritten;
import dev.brickyard.cli.output.JsonOption;
import dev.brickyard.cli.train.MetadataOptions;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.data.PairsTsv;
import dev.brickyard.tools.fit.AdapterFit;
import dev.brickyard.tools.fit.AdapterFitSettings;
import dev.brickyard.tools.fit.AdapterFitting;
import dev.brickyard.tools.pack.BrickFolder;
import dev.brickyard.tools.pack.ProvenanceStatement.Material;
import dev.brickyard.tools.pack.ProvenanceStatement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brick fit adapter}: (text, target) pairs and control pairs in, an adapter brick folder (brick.json,
 * README.md, adapter.onnx_adapter, provenance.json) out, or nothing at all when the fit moves the control sentences more than the
 * stated bound.
 */
@Command(name = "adapter",
        description = {"Fit a LoRA adapter that moves the embedding of each text toward its target's, in closed form "
                + "on the full-precision base model, while control sentences stay where they were.",
                "PAIRS is UTF-8, one 'text<TAB>target' per line (texts sharing a target are one term in several "
                        + "contexts); CONTROLS one 'sentence<TAB>sentence' of everyday text per line. A share of "
                        + "both is held out to measure the adapter; if it moves the held-out control sentences "
                        + "more than --max-control-shift, nothing is written. Metadata not given as options is "
                        + "taken from an existing brick.json in the output folder."})
public final class FitAdapterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;


    @Option(names = "--pairs", required = true, paramLabel = "TSV", description = "The (text, target) pairs.")
    Path pairs;

    @Option(names = "--controls", required = true, paramLabel = "TSV",
            description = "Pairs of everyday sentences the adapter must leave alone.")
    Path controls;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Brick folder to write.")
    Path out;

    @Option(names = "--rank", defaultValue = "" + AdapterFitSettings.DEFAULT_RANK, paramLabel = "N",
            description = "Rank of each site's delta (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--layers", split = ",", paramLabel = "N",
            description = "Layers (0-5) whose FFN output matrix is adapted, fitted in this order (default: 3,4,5).")
    List<Integer> layers = new ArrayList<>(AdapterFitSettings.DEFAULT_LAYERS);

    @Option(names = "--ridge", defaultValue = "" + AdapterFitSettings.DEFAULT_RIDGE, paramLabel = "X",
            description = "Ridge penalty, relative to the activations' scale; higher moves less "
                    + "(default: ${DEFAULT-VALUE}).")
    double ridge;

    @Option(names = "--strength", defaultValue = "" + AdapterFitSettings.DEFAULT_STRENGTH, paramLabel = "X",
            description = "Share of the way to the target each text should move, (0, 1] (default: ${DEFAULT-VALUE}).")
    double strength;

    @Option(names = "--rounds", defaultValue = "" + AdapterFitSettings.DEFAULT_ROUNDS, paramLabel = "N",
            description = "Fitting rounds over the layers, 1-20 (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--holdout-fraction", defaultValue = "" + AdapterFitSettings.DEFAULT_HELD_OUT_SHARE,
            paramLabel = "F", description = "Share of each target's pairs, and of the control pairs, held out to "
            + "measure the adapter, [0, 1) (default: ${DEFAULT-VALUE}).")
    double holdoutFraction;

    // 0 as in AdapterFitSettings.defaults(): the split decides which control pairs measure the bound.
    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the held-out split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-control-shift", defaultValue = "" + AdapterFitSettings.DEFAULT_MAX_CONTROL_SHIFT,
            paramLabel = "X", description = "The bound: the most the held-out control sentences may move on "
            + "average (1 - cosine to their original embedding), (0, 1] (default: ${DEFAULT-VALUE}).")
    double maxControlShift;

    @Mixin
    JsonOption json;

    @Mixin
    MetadataOptions metadataOptions;

    @Override
    public Integer call() throws Exception {
        AdapterFitSettings settings;
        try {
            settings = new AdapterFitSettings(layers, rank, ridge, strength, rounds, holdoutFraction, seed,
                    maxControlShift, Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad option value: " + e.getMessage());
        }
        BrickMetadata metadata = metadataOptions.resolve(out);
        List<AdapterFit.Pair> pairList = PairsTsv.pairs(pairs);
        List<AdapterFit.ControlPair> controlList = PairsTsv.controls(controls);
        AdapterFitting.Plan plan = new AdapterFitting.Plan(metadata, pairList, controlList, settings,
                pairs.toString(), controls.toString(), out.toString());
        PrintWriter err = spec.commandLine().getErr();
        AdapterFitting.Result result = AdapterFitting.fit(plan, line -> {
            err.println(line);
            err.flush();
        });
        write(result);
        AdapterFit.Result fit = result.fit();
        if (json.json()) {
            Map<String, Object> measured = new java.util.LinkedHashMap<>();
            measured.put("pairs", pairList.size());
            measured.put("targets", plan.targets().size());
            measured.put("control_pairs", controlList.size());
            if (fit.heldOut().pairs() > 0) {
                measured.put("heldout_pairs", fit.heldOut().pairs());
                measured.put("heldout_similarity_before", fit.heldOut().similarityBefore());
                measured.put("heldout_similarity_after", fit.heldOut().similarityAfter());
                measured.put("heldout_recall_before", fit.heldOut().recallBefore());
                measured.put("heldout_recall_after", fit.heldOut().recallAfter());
            }
            measured.put("control_shift_mean", fit.controls().meanShift());
            measured.put("control_shift_max", fit.controls().maxShift());
            measured.put("control_shift_bound", settings.maxControlShift());
            json.print(FolderWritten.of(result.manifest(), out, measured));
            return 0;
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "fitted %s@%s: %s, from %d pairs (%d targets) and %d control pairs%n",
                result.manifest().id(), result.manifest().version(), result.manifest().adapter().sites(),
                pairList.size(), plan.targets().size(), controlList.size());
        if (fit.heldOut().pairs() > 0) {
            printer.printf(Locale.ROOT, "held-out similarity %.3f -> %.3f, recall@1 %.1f %% -> %.1f %% (%d pairs)%n",
                    fit.heldOut().similarityBefore(), fit.heldOut().similarityAfter(),
                    100 * fit.heldOut().recallBefore(), 100 * fit.heldOut().recallAfter(), fit.heldOut().pairs());
        }
        printer.printf(Locale.ROOT, "control shift mean %.4f, max %.4f (bound %s, %d sentences)%n",
                fit.controls().meanShift(), fit.controls().maxShift(), settings.maxControlShift(),
                fit.controls().texts());
        printer.printf("wrote %s%n", out.resolve("brick.json"));
        return 0;
    }

    /**
     * Writes the folder and the provenance statement; if it did not exist and writing fails, removes it again, so
     * nothing half-done is left.
     */
    private void write(AdapterFitting.Result result) throws InvalidInputException, IOException {
        boolean created = !Files.exists(out);
        try {
            BrickFolder.write(out, result.manifest(), result.weights(), result.card(), AdapterFitting.RUN_SECTIONS);
            ProvenanceStatement.write(out, result.manifest(), Invocation.commandLine(spec),
                    List.of(Material.file(pairs), Material.file(controls)));
        } catch (InvalidInputException | IOException | RuntimeException e) {
            if (created && Files.isDirectory(out)) {
                try (Stream<Path> files = Files.walk(out)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            throw e;
        }
    }
}
