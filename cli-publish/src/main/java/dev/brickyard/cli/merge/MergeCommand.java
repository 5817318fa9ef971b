package dev.brickyard.cli.merge;

import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.manifest.MergeProvenance;
import dev.brickyard.cli.Invocation;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.FolderWritten;
import dev.brickyard.cli.output.JsonOption;
import dev.brickyard.cli.train.MetadataOptions;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.merge.BrickMerge;
import dev.brickyard.tools.merge.MergeCard;
import dev.brickyard.tools.merge.MergeMethod;
import dev.brickyard.tools.merge.MergeParameters;
import dev.brickyard.tools.merge.ParentBrick;
import dev.brickyard.tools.pack.BrickFolder;
import dev.brickyard.tools.pack.ProvenanceStatement.Material;
import dev.brickyard.tools.pack.ProvenanceStatement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brick merge PARENT... --method M -o DIR}: verifies the parent bricks, merges their weights and writes a brick
 * folder (brick.json with its {@code merge} record, README.md, head.onnx or adapter.onnx_adapter, and
 * provenance.json naming the parents by digest) that {@code brick pack} and {@code brick publish} take as they take a trained one. Every refusal comes before anything is
 * written; a new folder is written beside {@code DIR} and moved into place whole.
 */
@Command(name = "merge",
        description = {"Merge bricks of one kind into one: linear heads over the same labels, or LoRA adapters, all "
                + "for the same base model.",
                "Each PARENT is a brick bundle (.jar) or a brick folder; each is verified first. Adapters of "
                        + "different ranks and sites merge: linear and task-arithmetic concatenate the low-rank "
                        + "factors exactly unless --rank is given, ties and dare re-compress by SVD.",
                "Metadata not given as options is taken from an existing brick.json in DIR, else from the parents "
                        + "(their tags, authors and licences; a description naming them and the method)."})
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;


    @Parameters(arity = "1..*", paramLabel = "PARENT", description = "A brick to merge: a bundle or a brick folder; "
            + "at least two.")
    List<Path> parents = new ArrayList<>();

    @Option(names = "--method", required = true, paramLabel = "METHOD",
            description = "linear, task-arithmetic, ties or dare.")
    String method;

    @Option(names = "--weights", split = ",", paramLabel = "W",
            description = "One weight per parent, in order, e.g. 0.7,0.3 (default: equal weights; linear "
                    + "normalises them to sum 1; only task-arithmetic accepts negative ones).")
    List<Double> weights = new ArrayList<>();

    @Option(names = "--density", paramLabel = "D",
            description = "ties and dare only: the share of each parent's entries kept, in (0, 1] (default "
                    + MergeParameters.DEFAULT_DENSITY + ").")
    Double density;

    @Option(names = "--seed", paramLabel = "S",
            description = "dare only: the seed of the random drops (default " + MergeParameters.DEFAULT_SEED + ").")
    Long seed;

    @Option(names = "--rank", paramLabel = "R",
            description = "Adapters only: re-compress every site to at most this rank by SVD (default: linear and "
                    + "task-arithmetic concatenate exactly; ties and dare keep the largest parent rank per site).")
    Integer rank;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Brick folder to write.")
    Path out;

    @Mixin
    JsonOption json;

    @Mixin
    MetadataOptions metadataOptions;

    @Override
    public Integer call() throws Exception {
        if (parents.size() < 2) {
            throw new UsageException("a merge needs at least 2 parents, " + parents.size() + " given");
        }
        MergeParameters parameters;
        try {
            parameters = new MergeParameters(MergeMethod.fromName(method), weights, density, seed);
            parameters.effectiveWeights(parents.size());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (rank != null && (rank < 1 || rank > ManifestJson.MAX_ADAPTER_RANK)) {
            throw new UsageException("--rank must be from 1 to " + ManifestJson.MAX_ADAPTER_RANK + ", got " + rank);
        }
        List<ParentBrick> read = new ArrayList<>();
        Path scratch = Files.createTempDirectory("brick-merge");
        try {
            for (Path parent : parents) {
                read.add(ParentBrick.read(parent, scratch));
            }
        } finally {
            deleteTree(scratch);
        }
        BrickMerge.Result merged = BrickMerge.merge(read, parameters, rank);
        BrickMetadata defaults = merged.defaults();
        BrickMetadata metadata = metadataOptions.resolve(out, defaults);
        if (metadata.description().equals(generatedDescription(out))) {
            // The folder's description named the previous merge's parents: name this merge's instead.
            metadata = new BrickMetadata(metadata.id(), metadata.version(), defaults.description(), metadata.tags(),
                    metadata.license(), metadata.authors());
        }
        BrickManifest manifest = merged.manifest(metadata);
        List<Material> materials = read.stream()
                .map(parent -> Material.brick(parent.described(), parent.verified().sha256())).toList();
        write(manifest, merged.files(manifest.id()), MergeCard.of(manifest, merged), materials);

        if (json.json()) {
            Map<String, Object> measured = new java.util.LinkedHashMap<>();
            measured.put("parents", read.size());
            measured.put("method", parameters.method().externalName());
            measured.put("weights", manifest.merge().weights());
            if (merged.kind() != BrickKind.HEAD) {
                measured.put("max_truncation_error", merged.adapter().maxTruncationError());
            }
            json.print(FolderWritten.of(manifest, out, measured));
            return 0;
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "merged %s@%s from %d %s by %s, weights %s%n", manifest.id(), manifest.version(),
                read.size(), merged.kind() == BrickKind.HEAD ? "heads" : "adapters", parameters.method().externalName(),
                manifest.merge().weights());
        if (merged.kind() == BrickKind.HEAD) {
            printer.printf("labels %s%n", manifest.labels());
            merged.reordered().forEach((parent, own) -> printer.printf(
                    "reordered the columns of %s from %s%n", parent.described(), own));
        } else {
            printer.printf(Locale.ROOT, "sites %s, largest truncation error %.2e%n", manifest.adapter().sites(),
                    merged.adapter().maxTruncationError());
        }
        printer.printf("wrote %s%n", out.resolve("brick.json"));
        return 0;
    }

    /**
     * The description an earlier {@code brick merge} generated for the folder's {@code brick.json}, or null when the
     * folder holds no merged brick.
     */
    private static String generatedDescription(Path folder) throws IOException {
        Path json = folder.resolve("brick.json");
        if (!Files.isRegularFile(json)) {
            return null;
        }
        try {
            MergeProvenance merge = ManifestJson.read(Files.readAllBytes(json)).merge();
            return merge == null || merge.parents().size() < 2 ? null : BrickMerge.description(merge.parents().stream()
                    .map(parent -> parent.id() + "@" + parent.version()).toList(), merge.method());
        } catch (MalformedBrickException e) {
            return null;
        }
    }

    /**
     * Writes the folder, with the provenance statement naming the parents by digest. A folder that does not exist yet (or is empty) is written whole beside {@code DIR} and then
     * renamed to it; an existing brick folder gets its files replaced as {@code brick train} replaces them (each
     * written beside its final name, all moved in at the end), keeping the author's own sections of the card.
     */
    private void write(BrickManifest manifest, Map<String, byte[]> files, String card, List<Material> materials)
            throws InvalidInputException, IOException {
        if (Files.isDirectory(out) && !isEmpty(out)) {
            BrickFolder.write(out, manifest, files, card, MergeCard.RUN_SECTIONS);
            ProvenanceStatement.write(out, manifest, Invocation.commandLine(spec), materials);
            return;
        }
        Path parent = out.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        // Not Files.createTempDirectory: the folder keeps the staging folder's permissions, which should be the usual.
        Path staging = Files.createDirectory(parent.resolve("." + out.getFileName() + ".merge-"
                + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        try {
            BrickFolder.write(staging, manifest, files, card, MergeCard.RUN_SECTIONS);
            ProvenanceStatement.write(staging, manifest, Invocation.commandLine(spec), materials);
            Files.deleteIfExists(out);
            Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
