package dev.brickyard.cli.neurons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.NeuronMask;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.ExitCode;
import dev.brickyard.cli.ProvenanceChecks;
import dev.brickyard.dist.BrickCli;
import dev.brickyard.tools.pack.BrickPacker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code brick neurons find} end to end on small files with the real base model: the brick it writes verifies, names
 * the neurons a direct computation finds most selective, and its card states the effect measured independently here;
 * bad input is refused before anything is written; a folder from {@code brick new --kind neurons} works as it is.
 */
class NeuronsFindCommandTest {
    static final List<String> TEXTS = List.of("I do not like the new design at all.",
            "She never answers her phone after six.", "There is no milk left in the fridge.");
    static final List<String> CONTRAST = List.of("I really like the new design.",
            "She always answers her phone after six.", "There is plenty of milk in the fridge.");
    static BaseModel baseModel;

    @TempDir
    Path work;

    @BeforeAll
    static void load() throws Exception {
        baseModel = BaseModel.load(BaseModelVariant.FP32, 2, true, new GraphOptions(Set.of(), true, true));
    }

    @AfterAll
    static void close() {
        baseModel.close();
    }

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Run brick(String... args) {
        CommandLine commandLine = BrickCli.commandLine(CliEnvironment.system());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    Path file(String name, List<String> lines) throws Exception {
        return Files.write(work.resolve(name), lines);
    }

    @Test
    void namesTheMostSelectiveNeuronsAndStatesTheMeasuredEffect() throws Exception {
        Path texts = file("texts.txt", Stream.concat(Stream.of("# negations", ""), TEXTS.stream()).toList());
        Path contrast = file("contrast.txt", CONTRAST);
        Path out = work.resolve("no-negation");
        Run run = brick("neurons", "find", "--texts", texts.toString(), "--contrast", contrast.toString(),
                "--layers", "2-3", "--top", "6", "--out", out.toString(), "--id", "acme/no-negation",
                "--description", "Silences neurons that respond to negation.", "--author", "Ada", "--tag", "negation");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("found acme/no-negation@1.0.0: 6 neurons (ablate) in layer"), run.out());

        VerifiedBrick verified = new BrickPacker().pack(out, work.resolve("jars/no-negation.jar"));
        BrickVerifier.requireKnownBuild(verified.manifest());
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(out.resolve("brick.json")));
        assertEquals(verified.manifest(), manifest);
        assertEquals(BrickKind.NEURONS, manifest.kind());
        assertEquals(BrickOrigin.EMERGENT, manifest.origin());
        assertEquals(Granularity.NEURON_GROUP, manifest.granularity());
        assertEquals(List.of(), manifest.weights());
        assertEquals(NeuronSelection.Mode.ABLATE, manifest.neurons().mode());
        assertEquals(List.of("provenance.json", "brick.json", "README.md"), Files.list(out)
                .map(p -> p.getFileName().toString()).sorted(Comparator.reverseOrder()).toList(),
                "no weights, no leftovers");
        // A neuron brick has no weights: its statement vouches for brick.json, which holds the selection.
        Map<String, String> materials = new LinkedHashMap<>();
        materials.put(texts.toString(), ProvenanceChecks.sha256(texts));
        materials.put(contrast.toString(), ProvenanceChecks.sha256(contrast));
        ProvenanceChecks.assertProvenance(work.resolve("jars/no-negation.jar"), "brick neurons find --texts " + texts
                + " --contrast " + contrast + " --layers 2-3 --top 6 --out " + out + " --id acme/no-negation "
                + "--description Silences neurons that respond to negation. --author Ada --tag negation", materials,
                List.of("brick/brick.json"));

        // The same numbers, computed here straight from the base model and the formula.
        List<float[][]> textProfiles = profiles(TEXTS);
        List<float[][]> contrastProfiles = profiles(CONTRAST);
        List<double[]> scored = new ArrayList<>();
        for (int layer = 2; layer <= 3; layer++) {
            for (int neuron = 0; neuron < 1536; neuron++) {
                scored.add(new double[] {selectivity(textProfiles, contrastProfiles, layer, neuron), layer, neuron});
            }
        }
        scored.sort(Comparator.comparingDouble((double[] s) -> -s[0]));
        Map<String, List<Integer>> expected = new TreeMap<>();
        for (double[] score : scored.subList(0, 6)) {
            expected.computeIfAbsent(String.valueOf((int) score[1]), key -> new ArrayList<>()).add((int) score[2]);
        }
        expected.values().forEach(list -> list.sort(null));
        assertEquals(expected, manifest.neurons().layers());
        assertTrue(scored.get(5)[0] - scored.get(6)[0] > 1e-6, "the sixth and seventh are not a tie");

        NeuronMask mask = NeuronMask.of(manifest.neurons());
        double textShift = shift(TEXTS, mask);
        double contrastShift = shift(CONTRAST, mask);
        assertTrue(textShift > contrastShift, "ablating the neurons that fire on negation moves the negations more: "
                + textShift + " vs " + contrastShift);
        assertEquals(textShift, manifest.metrics().get("texts_shift_mean"), 1e-5);
        assertEquals(contrastShift, manifest.metrics().get("contrast_shift_mean"), 1e-5);
        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.contains(String.format(Locale.ROOT, "the sentence embeddings of the 3 texts moved by **%s**",
                decimal(manifest.metrics().get("texts_shift_mean")))), card);
        assertTrue(card.contains(String.format(Locale.ROOT, "those of the 3 contrast texts by **%s**",
                decimal(manifest.metrics().get("contrast_shift_mean")))), card);
        assertTrue(card.contains("| 1 | " + (int) scored.get(0)[1] + " | " + (int) scored.get(0)[2] + " | "
                + String.format(Locale.ROOT, "%.3f", scored.get(0)[0]) + " |"), card);
        assertTrue(card.contains("brick neurons find --texts " + texts + " --contrast " + contrast
                + " --layers 2-3 --top 6 --mode ablate --out " + out), card);

        float[] key = manifest.routingKey();
        float[] centroid = new float[key.length];
        for (String text : TEXTS) {
            float[] embedding = baseModel.embed(text);
            for (int d = 0; d < key.length; d++) {
                centroid[d] += embedding[d];
            }
        }
        double dot = 0;
        double norm = 0;
        for (int d = 0; d < key.length; d++) {
            dot += key[d] * centroid[d];
            norm += centroid[d] * centroid[d];
        }
        assertEquals(1, dot / Math.sqrt(norm), 1e-5, "the routing key is the texts' mean embedding");
    }

    @Test
    void keepOnlyWithOneNeuronIsANeuronGranularityBrick() throws Exception {
        Path out = work.resolve("one");
        Run run = brick("neurons", "find", "--texts", file("t.txt", TEXTS).toString(), "--contrast",
                file("c.txt", CONTRAST).toString(), "--layers", "4", "--top", "1", "--mode", "keep-only", "--out",
                out.toString(), "--id", "acme/one", "--description", "One neuron.", "--author", "Ada");
        assertEquals(0, run.exitCode(), run.toString());
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(out.resolve("brick.json")));
        assertEquals(Granularity.NEURON, manifest.granularity());
        assertEquals(NeuronSelection.Mode.KEEP_ONLY, manifest.neurons().mode());
        assertEquals(Set.of("4"), manifest.neurons().layers().keySet());
        assertTrue(Files.readString(out.resolve("README.md")).contains("(mode `keep-only`)"));
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path texts = file("texts.txt", TEXTS);
        Path contrast = file("contrast.txt", CONTRAST);
        Path out = work.resolve("out");
        List<String> metadata = List.of("--id", "acme/x", "--description", "X.", "--author", "Ada");
        assertRefused("no such data file: " + work.resolve("missing.txt"), metadata, "--texts",
                work.resolve("missing.txt").toString(), "--contrast", contrast.toString(), "--out", out.toString());
        Path comments = file("comments.txt", List.of("# only a comment", "", "   "));
        assertRefused(comments + " holds no texts", metadata, "--texts", texts.toString(), "--contrast",
                comments.toString(), "--out", out.toString());
        Path single = file("single.txt", List.of("Just one text."));
        assertRefused("holds 1 text; finding neurons needs at least 2", metadata, "--texts", single.toString(),
                "--contrast", contrast.toString(), "--out", out.toString());
        Files.write(work.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n', 'x', '\n'});
        assertRefused("is not UTF-8 text", metadata, "--texts", work.resolve("latin1.txt").toString(),
                "--contrast", contrast.toString(), "--out", out.toString());
        for (String layers : List.of("6", "0-9", "a", "3-1", "1,,2")) {
            assertRefused("--layers '" + layers + "'", metadata, "--texts", texts.toString(), "--contrast",
                    contrast.toString(), "--layers", layers, "--out", out.toString());
        }
        assertRefused("--top 0: a brick names 1 to 9216 neurons", metadata, "--texts", texts.toString(),
                "--contrast", contrast.toString(), "--top", "0", "--out", out.toString());
        assertRefused("--top 1537: a brick names 1 to 1536 neurons of layer 3", metadata, "--texts",
                texts.toString(), "--contrast", contrast.toString(), "--layers", "3", "--top", "1537", "--out",
                out.toString());
        assertRefused("--mode 'silence' is not ablate or keep-only", metadata, "--texts", texts.toString(),
                "--contrast", contrast.toString(), "--mode", "silence", "--out", out.toString());
        assertRefused("missing --id", List.of(), "--texts", texts.toString(), "--contrast", contrast.toString(),
                "--out", out.toString());
        Path aFile = file("taken", List.of("mine"));
        assertRefused("is a file, not a brick folder", metadata, "--texts", texts.toString(), "--contrast",
                contrast.toString(), "--out", aFile.toString());
        assertEquals(List.of("mine"), Files.readAllLines(aFile));
        assertFalse(Files.exists(out), "nothing half-written");
        try (Stream<Path> left = Files.list(work)) {
            assertTrue(left.noneMatch(path -> path.getFileName().toString().startsWith(".")), "no staging left");
        }
    }

    @Test
    void aFolderFromBrickNewWorksAsItIs() throws Exception {
        Path folder = work.resolve("negation");
        Run created = brick("new", "acme/negation", "--kind", "neurons", "-o", folder.toString(), "--author", "Ada");
        assertEquals(0, created.exitCode(), created.toString());
        assertTrue(created.out().contains("brick neurons find --texts " + folder.resolve("data/texts.txt")
                + " --contrast " + folder.resolve("data/contrast.txt") + " --out " + folder), created.out());
        assertTrue(created.out().contains("brick pack " + folder + "\n"), created.out());
        assertTrue(Files.readString(folder.resolve("README.md")).startsWith("---\nid: acme/negation\nkind: neurons\n"),
                "one layout for every kind: the card at the top of the folder");
        List<String> sample = Files.readAllLines(folder.resolve("data/texts.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertTrue(sample.size() >= 5, sample.toString());

        Path brickFolder = folder;
        Run found = brick("neurons", "find", "--texts", folder.resolve("data/texts.txt").toString(), "--contrast",
                folder.resolve("data/contrast.txt").toString(), "--out", brickFolder.toString());
        assertEquals(0, found.exitCode(), found.toString());
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(brickFolder.resolve("brick.json")));
        assertEquals("acme/negation", manifest.id());
        assertEquals("0.1.0", manifest.version(), "the scaffold's metadata is kept");
        assertEquals(32, manifest.neurons().size(), "--top defaults to 32");
        assertTrue(manifest.metrics().get("texts_shift_mean") > manifest.metrics().get("contrast_shift_mean"),
                manifest.metrics().toString());
        String card = Files.readString(brickFolder.resolve("README.md"));
        assertTrue(card.contains("## Source of the texts"), "the author's sections are kept: " + card);
        assertTrue(card.contains("## Neurons") && card.contains("## Effect") && card.contains("## Finding"), card);
        new BrickPacker().pack(brickFolder, work.resolve("negation.jar"));
        assertTrue(Files.isRegularFile(folder.resolve("data/contrast.txt")), "the data stays");
        try (Stream<Path> left = Files.list(folder)) {
            assertTrue(left.noneMatch(path -> path.getFileName().toString().startsWith(".")), "no staging left");
        }
    }

    @Test
    void theExampleBrickIsWhatTheCommandFindsFromItsData() throws Exception {
        Path example = Path.of("..", "bundles", "shop-neurons");
        BrickManifest committed = ManifestJson.read(Files.readAllBytes(example.resolve("brick/brick.json")));
        Path out = work.resolve("shop-neurons");
        Files.createDirectories(out);
        Files.copy(example.resolve("brick/brick.json"), out.resolve("brick.json"));
        Run run = brick("neurons", "find", "--texts", example.resolve("data/texts.txt").toString(), "--contrast",
                example.resolve("data/contrast.txt").toString(), "--top", "32", "--mode", "ablate", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        BrickManifest found = ManifestJson.read(Files.readAllBytes(out.resolve("brick.json")));
        assertEquals(committed.neurons(), found.neurons(), "bundles/shop-neurons/brick names what its data gives");
        assertEquals(List.of(committed.id(), committed.version(), committed.granularity(), committed.description(),
                committed.tags(), committed.authors(), committed.base()), List.of(found.id(), found.version(),
                found.granularity(), found.description(), found.tags(), found.authors(), found.base()));
        assertEquals(committed.metrics().keySet(), found.metrics().keySet());
        committed.metrics().forEach((metric, value) -> assertEquals(value, found.metrics().get(metric), 2e-6, metric));
        org.junit.jupiter.api.Assertions.assertArrayEquals(committed.routingKey(), found.routingKey(), 1e-5f);
        assertEquals(144, committed.metrics().get("texts"));
        assertEquals(160, committed.metrics().get("contrast_texts"));
        assertTrue(committed.metrics().get("texts_shift_mean") > 2 * committed.metrics().get("contrast_shift_mean"),
                committed.metrics().toString());
    }

    private void assertRefused(String message, List<String> metadata, String... args) {
        List<String> all = new ArrayList<>(List.of("neurons", "find"));
        all.addAll(List.of(args));
        all.addAll(metadata);
        Run run = brick(all.toArray(String[]::new));
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains(message), run.toString());
    }

    private static List<float[][]> profiles(List<String> texts) throws Exception {
        List<float[][]> profiles = new ArrayList<>();
        for (String text : texts) {
            FfnActivations activations = baseModel.activations(text, List.of(), NeuronMask.NONE);
            float[][] profile = new float[6][];
            for (int layer = 0; layer < 6; layer++) {
                profile[layer] = activations.meanOverTokens(layer);
            }
            profiles.add(profile);
        }
        return profiles;
    }

    /** (μT − μC) / sqrt(pooled variance + 0.01²), as the card states. */
    private static double selectivity(List<float[][]> texts, List<float[][]> contrast, int layer, int neuron) {
        double[] t = texts.stream().mapToDouble(p -> p[layer][neuron]).toArray();
        double[] c = contrast.stream().mapToDouble(p -> p[layer][neuron]).toArray();
        double meanT = java.util.Arrays.stream(t).average().orElseThrow();
        double meanC = java.util.Arrays.stream(c).average().orElseThrow();
        double squaresT = java.util.Arrays.stream(t).map(v -> (v - meanT) * (v - meanT)).sum();
        double squaresC = java.util.Arrays.stream(c).map(v -> (v - meanC) * (v - meanC)).sum();
        double pooled = (squaresT + squaresC) / (t.length + c.length - 2);
        return (meanT - meanC) / Math.sqrt(pooled + 0.01 * 0.01);
    }

    private static double shift(List<String> texts, NeuronMask mask) throws Exception {
        double total = 0;
        for (String text : texts) {
            float[] before = baseModel.embed(text);
            float[] after = baseModel.embed(List.of(text), List.of(), List.of(mask))[0];
            double dot = 0;
            for (int d = 0; d < before.length; d++) {
                dot += before[d] * after[d];
            }
            total += 1 - dot;
        }
        return total / texts.size();
    }

    private static String decimal(double value) {
        return value != 0 && Math.abs(value) < 0.001 ? String.format(Locale.ROOT, "%.6f", value)
                : String.format(Locale.ROOT, "%.4f", value);
    }
}
