package dev.brickyard.cli.neurons;

import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.graph.ConfigurableGraph;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.cli.Invocation;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.FolderWritten;
import dev.brickyard.cli.output.JsonOption;
import dev.brickyard.cli.train.MetadataOptions;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.data.TextsFile;
import dev.brickyard.tools.neurons.LayerList;
import dev.brickyard.tools.neurons.NeuronFinding;
import dev.brickyard.tools.pack.BrickFolder;
import dev.brickyard.tools.pack.ProvenanceStatement.Material;
import dev.brickyard.tools.pack.ProvenanceStatement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brick neurons find}: texts and contrast texts in, a neuron brick folder (brick.json, README.md,
 * provenance.json; no weights) out. The folder is written in a staging folder beside {@code --out} and moved in at the end, so a failure leaves
 * {@code --out} as it was.
 */
@Command(name = "find",
        description = {"Find the FFN neurons of the base model that fire more on some texts than on contrast texts, "
                + "and write a neuron brick that silences them (ablate) or only them (keep-only).",
                "TEXTS and CONTRAST are UTF-8, one text per line; blank lines and lines starting with # are skipped; "
                        + "each needs at least 2 texts. A neuron's selectivity is (mean on TEXTS - mean on CONTRAST) "
                        + "/ pooled standard deviation of its activation averaged over each text's word pieces. The "
                        + "card states how far the mask moves the embeddings of both sets. Metadata not given as "
                        + "options is taken from an existing brick.json in the output folder."})
public final class NeuronsFindCommand implements Callable<Integer> {
    /** How many neurons a brick names unless {@code --top} says. */
    static final int DEFAULT_TOP = 32;

    @Spec
    CommandSpec spec;


    @Option(names = "--texts", required = true, paramLabel = "FILE", description = "The texts the neurons are for.")
    Path texts;

    @Option(names = "--contrast", required = true, paramLabel = "FILE",
            description = "Texts to tell them apart from: everyday text, or the same topics without the feature.")
    Path contrast;

    @Option(names = "--layers", defaultValue = "0-5", paramLabel = "LIST",
            description = "Layers to pick neurons from: numbers and ranges, e.g. 3 or 1-2,5 (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--top", defaultValue = "" + DEFAULT_TOP, paramLabel = "K",
            description = "How many neurons the brick names (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--mode", defaultValue = "ablate", paramLabel = "MODE",
            description = "ablate (silence the neurons) or keep-only (silence every other neuron of their layers) "
                    + "(default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Brick folder to write.")
    Path out;

    @Mixin
    JsonOption json;

    @Mixin
    MetadataOptions metadataOptions;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file, not a brick folder");
        }
        List<Integer> layerList = LayerList.parse(layers);
        int most = layerList.size() * ConfigurableGraph.NEURONS;
        if (top < 1 || top > most) {
            throw new UsageException("--top " + top + ": a brick names 1 to " + most + " neurons of layer"
                    + (layerList.size() == 1 ? " " : "s ") + LayerList.format(layerList) + " ("
                    + ConfigurableGraph.NEURONS + " per layer)");
        }
        NeuronSelection.Mode neuronMode = NeuronSelection.Mode.fromJson(mode).orElseThrow(() ->
                new UsageException("--mode '" + mode + "' is not ablate or keep-only"));
        BrickMetadata metadata = metadataOptions.resolve(out, new BrickMetadata(null, null, null, List.of(), null,
                List.of()));
        NeuronFinding.Plan plan = new NeuronFinding.Plan(metadata, TextsFile.read(texts), TextsFile.read(contrast),
                layerList, top, neuronMode, texts.toString(), contrast.toString(), out.toString());
        PrintWriter err = spec.commandLine().getErr();
        NeuronFinding.Result result;
        try (BaseModel baseModel = BaseModel.load(BaseModelVariant.FP32, Runtime.getRuntime().availableProcessors(),
                true, new GraphOptions(Set.of(), true, true))) {
            result = NeuronFinding.find(baseModel, plan, line -> {
                err.println(line);
                err.flush();
            });
        }
        write(result);
        if (json.json()) {
            Map<String, Object> measured = new java.util.LinkedHashMap<>();
            measured.put("neurons", result.chosen().size());
            measured.put("mode", neuronMode.jsonName());
            measured.put("texts", plan.texts().size());
            measured.put("contrast_texts", plan.contrast().size());
            measured.put("texts_shift", result.effect().textsShift());
            measured.put("contrast_shift", result.effect().contrastShift());
            json.print(FolderWritten.of(result.manifest(), out, measured));
            return 0;
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "found %s@%s: %d neurons (%s) in layer%s %s, from %d texts and %d contrast "
                        + "texts%n", result.manifest().id(), result.manifest().version(), result.chosen().size(),
                neuronMode.jsonName(), result.manifest().neurons().layers().size() == 1 ? "" : "s",
                String.join(", ", result.manifest().neurons().layers().keySet()), plan.texts().size(),
                plan.contrast().size());
        NeuronFinding.Effect effect = result.effect();
        printer.printf(Locale.ROOT, "with the mask the texts move %.6f, the contrast texts %.6f (mean 1 - cosine)%s%n",
                effect.textsShift(), effect.contrastShift(), effect.textsShift() > effect.contrastShift()
                        && !Double.isInfinite(effect.ratio())
                        ? String.format(Locale.ROOT, ": %.1f times as far", effect.ratio()) : "");
        printer.printf("wrote %s%n", out.resolve("brick.json"));
        return 0;
    }

    /**
     * Writes the brick in a staging folder beside {@code --out} (with the card already there, so the author's
     * sections are kept), then moves it in: the whole folder when {@code --out} does not exist, else file by file,
     * leaving the folder's other files (such as {@code data/}) alone.
     */
    private void write(NeuronFinding.Result result) throws InvalidInputException, IOException {
        Path target = out.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".tmp-");
        try {
            Path card = target.resolve("README.md");
            if (Files.isRegularFile(card)) {
                Files.copy(card, staging.resolve("README.md"));
            }
            BrickFolder.write(staging, result.manifest(), Map.of(), result.card(),
                    NeuronFinding.RUN_SECTIONS);
            ProvenanceStatement.write(staging, result.manifest(), Invocation.commandLine(spec),
                    List.of(Material.file(texts), Material.file(contrast)));
            if (!Files.exists(target)) {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            for (String file : List.of("README.md", "brick.json", ProvenanceStatement.FILE)) {
                Files.move(staging.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            if (Files.exists(staging)) {
                try (Stream<Path> files = Files.walk(staging)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }
}
