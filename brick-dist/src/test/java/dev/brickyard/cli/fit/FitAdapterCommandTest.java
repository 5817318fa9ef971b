package dev.brickyard.cli.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.adapter.AdapterFile;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.ExitCode;
import dev.brickyard.cli.ProvenanceChecks;
import dev.brickyard.dist.BrickCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code brick fit adapter} as a user runs it: a small fit that packs into a verified bundle and reports its gain,
 * every bad input with its message and exit code and no folder left, a fit that breaks the control bound leaving
 * nothing, and the folder of {@code brick new --kind adapter} fitting as it is.
 */
class FitAdapterCommandTest {
    private static final Path SHOP_TERMS = Path.of("..", "bundles", "shop-terms", "data");
    private static final Pattern HELD_OUT_RECALL =
            Pattern.compile("recall@1 from \\*\\*([0-9.]+) % to ([0-9.]+) %\\*\\*");

    @TempDir
    Path work;

    @Test
    void aSmallFitPacksIntoAVerifiedAdapterBrickThatReportsItsGain() throws Exception {
        Path pairs = Files.writeString(work.resolve("pairs.tsv"), "# text<TAB>target\n"
                + String.join("\n", shopTermPairs(8, 6)) + "\n");
        Path controls = Files.writeString(work.resolve("controls.tsv"), String.join("\n", shopTermControls(30)) + "\n");
        Path out = work.resolve("brick");
        Run fit = brick("fit", "adapter", "--pairs", pairs.toString(), "--controls", controls.toString(),
                "--out", out.toString(), "--rounds", "2", "--id", "acme/shop-terms", "--version", "0.3.0",
                "--description", "Shop jargon.", "--author", "Ada", "--tag", "jargon");
        assertEquals(0, fit.exitCode(), fit.toString());
        assertTrue(fit.err().contains("round 2/2: fitting layer 5 on 32 pairs"), "progress goes to stderr: " + fit);
        assertTrue(fit.out().startsWith("fitted acme/shop-terms@0.3.0: {layer.3.ffn_out=8, layer.4.ffn_out=8, "
                + "layer.5.ffn_out=8}, from 48 pairs (8 targets) and 30 control pairs"), fit.out());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("README.md", "adapter.onnx_adapter", "brick.json", "provenance.json"),
                    files.map(file -> file.getFileName().toString()).sorted().toList());
        }

        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(out.resolve("brick.json")));
        assertEquals(BrickKind.ADAPTER, manifest.kind());
        assertEquals(Granularity.LAYER, manifest.granularity());
        assertEquals(List.of("adapter.onnx_adapter"), manifest.weights());
        assertEquals(Map.of("layer.3.ffn_out", 8, "layer.4.ffn_out", 8, "layer.5.ffn_out", 8),
                manifest.adapter().sites());
        assertNull(manifest.io());
        assertEquals(List.of(), manifest.labels());
        assertEquals(BaseModelVariant.FP32.digest(), manifest.base().digest());
        assertEquals(384, manifest.routingKey().length);
        Map<String, Double> metrics = manifest.metrics();
        assertEquals(16.0, metrics.get("heldout_pairs"));
        assertEquals(32.0, metrics.get("train_pairs"));
        assertTrue(metrics.get("heldout_recall_at_1_after") > metrics.get("heldout_recall_at_1_before"),
                metrics.toString());
        assertTrue(metrics.get("heldout_similarity_after") > metrics.get("heldout_similarity_before"),
                metrics.toString());
        assertEquals(0.05, metrics.get("control_shift_bound"));
        assertTrue(metrics.get("control_shift_mean") <= 0.05, metrics.toString());
        assertTrue(metrics.get("control_shift_max") >= metrics.get("control_shift_mean"), metrics.toString());
        assertEquals(6, AdapterFile.read(Files.readAllBytes(out.resolve("adapter.onnx_adapter"))).parameters().size(),
                "A and B for each of the three sites");

        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.startsWith("---\nid: acme/shop-terms\nversion: 0.3.0\nkind: adapter\norigin: customized\n"),
                card);
        assertTrue(card.contains(String.format(java.util.Locale.ROOT, "  heldout_recall_at_1_after: %.4f%n",
                metrics.get("heldout_recall_at_1_after"))), card);
        Matcher recall = HELD_OUT_RECALL.matcher(card);
        assertTrue(recall.find(), card);
        assertTrue(Double.parseDouble(recall.group(2)) > Double.parseDouble(recall.group(1)), recall.group());
        assertTrue(card.contains("within the stated bound of 0.05"), card);
        assertTrue(card.contains("| `layer.4.ffn_out` | 8 |"), card);
        assertTrue(card.contains("brick fit adapter --pairs " + pairs + " --controls " + controls + " --rank 8 "
                + "--layers 3,4,5 --ridge 0.5 --strength 1.0 --rounds 2 --holdout-fraction 0.25 --seed 0 "
                + "--max-control-shift 0.05 --out " + out), card);

        Path jar = work.resolve("shop-terms.jar");
        Run pack = brick("pack", out.toString(), "-o", jar.toString());
        assertEquals(0, pack.exitCode(), pack.toString());
        VerifiedBrick verified = new BrickVerifier().verify(jar);
        assertEquals(manifest, verified.manifest());
        Run verify = brick("verify", jar.toString());
        assertEquals(0, verify.exitCode(), verify.toString());
        // Who made it from what: the command line, the two data files and the base model, in the bundle.
        Map<String, String> materials = new LinkedHashMap<>();
        materials.put(pairs.toString(), ProvenanceChecks.sha256(pairs));
        materials.put(controls.toString(), ProvenanceChecks.sha256(controls));
        ProvenanceChecks.assertProvenance(jar, "brick fit adapter --pairs " + pairs + " --controls " + controls
                + " --out " + out + " --rounds 2 --id acme/shop-terms --version 0.3.0 --description Shop jargon. "
                + "--author Ada --tag jargon", materials, List.of("brick/adapter.onnx_adapter"));
    }

    @Test
    void badInputIsRefusedWithItsMessageAndLeavesNoFolder() throws Exception {
        Path pairs = Files.writeString(work.resolve("pairs.tsv"), String.join("\n", shopTermPairs(2, 3)) + "\n");
        Path controls = Files.writeString(work.resolve("controls.tsv"), String.join("\n", shopTermControls(4)) + "\n");
        Path malformedPairs = Files.writeString(work.resolve("bad-pairs.tsv"),
                "# comment\nI need an RMA\tpermission to return\nno tab here\n\nthree\tfields\there\n");
        Path malformedControls = Files.writeString(work.resolve("bad-controls.tsv"), "one\ttwo\n\tempty first\n");
        Path oneTarget = Files.writeString(work.resolve("one-target.tsv"), "RMA please\treturn permission\n"
                + "Where is my RMA?\treturn permission\n");
        Path noControls = Files.writeString(work.resolve("no-controls.tsv"), "# only a comment\n\n");
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--pairs", work.resolve("missing.tsv").toString(), "--controls", controls.toString()),
                "no such data file: " + work.resolve("missing.tsv"));
        cases.put(List.of("--pairs", work.toString(), "--controls", controls.toString()),
                "cannot read the data file " + work);
        cases.put(List.of("--pairs", malformedPairs.toString(), "--controls", controls.toString()),
                "bad-pairs.tsv:3: expected 'text<TAB>target'" + System.lineSeparator()
                        + "bad-pairs.tsv:5: expected 'text<TAB>target'");
        cases.put(List.of("--pairs", pairs.toString(), "--controls", malformedControls.toString()),
                "bad-controls.tsv:2: expected 'sentence<TAB>sentence'");
        cases.put(List.of("--pairs", oneTarget.toString(), "--controls", controls.toString()),
                oneTarget + " names 1 target; an adapter needs pairs with at least two different targets");
        cases.put(List.of("--pairs", pairs.toString(), "--controls", noControls.toString()),
                noControls + " holds no control pairs");
        cases.put(List.of("--pairs", pairs.toString(), "--controls", controls.toString(), "--rank", "0"),
                "bad option value: rank must be 1-384, not 0");
        cases.put(List.of("--pairs", pairs.toString(), "--controls", controls.toString(), "--layers", "3,9"),
                "bad option value: layer 9 is out of range: the base model has layers 0-5");
        cases.put(List.of("--pairs", pairs.toString(), "--controls", controls.toString(), "--strength", "1.5"),
                "bad option value: strength must be in (0, 1], not 1.5");
        cases.put(List.of("--pairs", pairs.toString(), "--controls", controls.toString(), "--holdout-fraction", "1"),
                "bad option value: the held-out share must be in [0, 1), not 1.0");
        cases.put(List.of("--pairs", pairs.toString(), "--controls", controls.toString(), "--max-control-shift", "0"),
                "bad option value: the control bound must be in (0, 1], not 0.0");
        cases.put(List.of("--pairs", pairs.toString(), "--controls", controls.toString(), "--rounds", "many"),
                "Invalid value for option '--rounds': 'many' is not an int");
        Path out = work.resolve("out");
        for (Map.Entry<List<String>, String> bad : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("fit", "adapter", "--out", out.toString(), "--id", "acme/x",
                    "--description", "d", "--author", "a"));
            args.addAll(bad.getKey());
            Run run = brick(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE.code(), run.exitCode(), bad.getKey() + ": " + run);
            assertTrue(run.err().contains(bad.getValue()), bad.getKey() + ": " + run.err());
            assertFalse(Files.exists(out), bad.getKey() + " leaves no folder");
        }
        Run noMetadata = brick("fit", "adapter", "--pairs", pairs.toString(), "--controls", controls.toString(),
                "--out", out.toString(), "--id", "acme/x");
        assertEquals(ExitCode.USAGE.code(), noMetadata.exitCode(), noMetadata.toString());
        assertTrue(noMetadata.err().contains("missing --description, --author"), noMetadata.err());
        Run noPairs = brick("fit", "adapter", "--controls", controls.toString(), "--out", out.toString());
        assertEquals(ExitCode.USAGE.code(), noPairs.exitCode(), noPairs.toString());
        assertTrue(noPairs.err().contains("Missing required option: '--pairs=TSV'"), noPairs.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aFitThatBreaksTheControlBoundWritesNothing() throws Exception {
        Path pairs = Files.writeString(work.resolve("pairs.tsv"), String.join("\n", shopTermPairs(3, 4)) + "\n");
        Path controls = Files.writeString(work.resolve("controls.tsv"), String.join("\n", shopTermControls(6)) + "\n");
        Path parent = Files.createDirectories(work.resolve("bricks"));
        Run run = brick("fit", "adapter", "--pairs", pairs.toString(), "--controls", controls.toString(),
                "--out", parent.resolve("strict").toString(), "--layers", "5", "--rounds", "1",
                "--max-control-shift", "0.0001", "--id", "acme/strict", "--description", "d", "--author", "a");
        assertEquals(ExitCode.FAILURE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("more than the bound 0.0001: raise --ridge, lower --strength or --rank, or add "
                + "control pairs"), run.err());
        assertEquals("", run.out());
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(), left.toList(), "no folder and no temporary files");
        }
    }

    @Test
    void theScaffoldOfNewKindAdapterFitsAsItIs() throws Exception {
        Path folder = work.resolve("helpdesk-terms");
        Run created = brick("new", "acme/helpdesk-terms", "--kind", "adapter", "-o", folder.toString(), "--author",
                "Ada");
        assertEquals(0, created.exitCode(), created.toString());
        assertTrue(created.out().contains("brick fit adapter --pairs " + folder.resolve("data/pairs.tsv")
                + " --controls " + folder.resolve("data/controls.tsv") + " --out " + folder), created.out());
        assertTrue(created.out().contains("brick pack " + folder + "\n"), created.out());
        assertEquals("adapter", new ObjectMapper().readTree(folder.resolve("brick.json").toFile()).path("kind")
                .asText(), "one layout for every kind: brick.json at the top of the folder");

        Run fit = brick("fit", "adapter", "--pairs", folder.resolve("data/pairs.tsv").toString(), "--controls",
                folder.resolve("data/controls.tsv").toString(), "--out", folder.toString(), "--id",
                "acme/helpdesk-terms");
        assertEquals(0, fit.exitCode(), fit.toString());
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(folder.resolve("brick.json")));
        assertEquals("0.1.0", manifest.version());
        assertEquals(List.of("Ada"), manifest.authors(), "metadata from the scaffold's brick.json");
        assertTrue(manifest.metrics().get("heldout_recall_at_1_after")
                > manifest.metrics().get("heldout_recall_at_1_before"), manifest.metrics().toString());
        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(Files.isRegularFile(folder.resolve("data/pairs.tsv")), "the data stays");
        assertTrue(card.contains("## Evaluation") && card.contains("## Data")
                && card.contains("Which texts use the terms this adapter teaches"), "the author's sections are kept: "
                + card);
        Path jar = work.resolve("helpdesk-terms.jar");
        Run pack = brick("pack", folder.toString(), "-o", jar.toString());
        assertEquals(0, pack.exitCode(), pack.toString());
        assertEquals(BrickKind.ADAPTER, new BrickVerifier().verify(jar).manifest().kind());
    }

    /** The first {@code lines} texts of each of the first {@code targets} targets of the shop-terms data. */
    private static List<String> shopTermPairs(int targets, int lines) throws Exception {
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        for (String line : dataLines(SHOP_TERMS.resolve("pairs.tsv"))) {
            byTarget.computeIfAbsent(line.split("\t")[1], target -> new ArrayList<>()).add(line);
        }
        return byTarget.values().stream().limit(targets).flatMap(group -> group.stream().limit(lines)).toList();
    }

    private static List<String> shopTermControls(int count) throws Exception {
        return dataLines(SHOP_TERMS.resolve("controls.tsv")).stream().limit(count).toList();
    }

    private static List<String> dataLines(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** One run of {@code brick} as a user types it, its output captured. */
    private static Run brick(String... args) {
        CommandLine commandLine = BrickCli.commandLine(CliEnvironment.system());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
