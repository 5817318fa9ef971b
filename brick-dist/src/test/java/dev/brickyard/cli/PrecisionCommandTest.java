package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.PrecisionMetrics;
import dev.brickyard.cli.ExitCode;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.Inference;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.tools.data.LabelledText;
import dev.brickyard.tools.data.LabelledTsv;
import dev.brickyard.tools.pack.BrickPacker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code brick precision} on the real base model's two builds: it reproduces what each example brick's card says about
 * the int8 build, and refuses held-out data that does not fit the brick without touching the folder.
 */
class PrecisionCommandTest {
    static final Path BUNDLES = Path.of("..", "bundles");
    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"sentiment", "topic", "emotion", "shop-faq"})
    void measuringAnExampleBrickAgainReproducesItsCard(String name) throws Exception {
        Path committed = BUNDLES.resolve(name).resolve("brick");
        Path folder = copy(committed);
        Files.writeString(folder.resolve("README.md"), Files.readString(committed.resolve("README.md"))
                .replaceFirst("(?s)## Precision.*?(?=## )", ""));
        Map<String, Double> withoutInt8 = new TreeMap<>(metrics(committed));
        withoutInt8.keySet().removeIf(key -> key.endsWith("_int8"));
        Files.write(folder.resolve("brick.json"), ManifestJson.write(ManifestJson.read(
                Files.readAllBytes(committed.resolve("brick.json"))).withMetrics(withoutInt8)));

        CliRun run = CliRun.of("precision", folder.toString(), "--heldout",
                BUNDLES.resolve(name).resolve("data").resolve("heldout.tsv").toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(metrics(committed), metrics(folder), "brick.json metrics as committed");
        assertEquals(Files.readString(committed.resolve("README.md")), Files.readString(folder.resolve("README.md")));
        double agreement = metrics(folder).get(PrecisionMetrics.agreementKey(BaseModelVariant.INT8));
        assertTrue(run.out().contains(PrecisionMetrics.changesAnswers(agreement)
                ? "the int8 build changes this brick's answers" : "the int8 build keeps this brick's answers"),
                run.out());
    }

    @Test
    void aDryRunPrintsWithoutWriting() throws Exception {
        Path folder = copy(BUNDLES.resolve("topic").resolve("brick"));
        byte[] before = Files.readAllBytes(folder.resolve("brick.json"));
        CliRun run = CliRun.of("precision", folder.toString(), "--dry-run", "--heldout",
                BUNDLES.resolve("topic").resolve("data").resolve("heldout.tsv").toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("160 held-out examples"), run.out());
        assertTrue(run.out().contains("int8"), run.out());
        assertArrayEquals(before, Files.readAllBytes(folder.resolve("brick.json")));
    }

    @Test
    void heldOutAnswersTheBrickNeverGivesAreRefusedAndChangeNothing() throws Exception {
        Path folder = copy(BUNDLES.resolve("sentiment").resolve("brick"));
        Path heldout = Files.writeString(work.resolve("heldout.tsv"), "A lovely day.\tpositive\nMeh.\tneutral\n");
        byte[] json = Files.readAllBytes(folder.resolve("brick.json"));
        byte[] card = Files.readAllBytes(folder.resolve("README.md"));

        CliRun run = CliRun.of("precision", folder.toString(), "--heldout", heldout.toString());

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("held-out example 2 expects 'neutral'"), run.err());
        assertTrue(run.err().contains("[negative, positive]"), run.err());
        assertArrayEquals(json, Files.readAllBytes(folder.resolve("brick.json")));
        assertArrayEquals(card, Files.readAllBytes(folder.resolve("README.md")));
        try (var files = Files.list(folder)) {
            assertEquals(0, files.filter(file -> file.getFileName().toString().endsWith(".tmp")).count());
        }
    }

    @Test
    void anAdapterIsRefusedWithTheReason() throws Exception {
        Path folder = copy(BUNDLES.resolve("shop-terms").resolve("brick"));
        Path heldout = Files.writeString(work.resolve("pairs.tsv"), "RMA\treturn authorisation\n");
        CliRun run = CliRun.of("precision", folder.toString(), "--heldout", heldout.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("not for adapter bricks"), run.err());
    }

    @Test
    void anInt8HostAnswersTheHeldOutDataAsTheCardsSay() throws Exception {
        try (BrickHost host = BrickHost.open(HostOptions.defaults().withVariant(BaseModelVariant.INT8))) {
            for (String name : List.of("sentiment", "topic", "emotion")) {
                Path jar = work.resolve(name + ".jar");
                new BrickPacker().pack(BUNDLES.resolve(name).resolve("brick"), jar);
                InstalledBrick installed = host.install(jar);
                List<LabelledText> heldout = LabelledTsv.read(BUNDLES.resolve(name).resolve("data/heldout.tsv"));
                List<Inference> answers = host.infer(heldout.stream().map(LabelledText::text).toList(),
                        List.of(installed.id()));
                long correct = 0;
                for (int i = 0; i < heldout.size(); i++) {
                    correct += answers.get(i).answers().get(0).classification().label()
                            .equals(heldout.get(i).label()) ? 1 : 0;
                }
                assertEquals(metrics(BUNDLES.resolve(name).resolve("brick")).get("heldout_accuracy_int8"),
                        Math.round(10_000.0 * correct / heldout.size()) / 10_000.0, name);
            }
        }
    }

    @Test
    void inferOnInt8RefusesABrickItsCardShowsChangedWhenAskedTo() throws Exception {
        Path sentiment = work.resolve("sentiment.jar");
        new BrickPacker().pack(BUNDLES.resolve("sentiment").resolve("brick"), sentiment);
        CliRun refused = CliRun.of("infer", "--precision", "int8", "--precision-mismatch", "refuse", "--bundle",
                sentiment.toString(), "What a lovely day");
        assertEquals(ExitCode.INCOMPATIBLE.code(), refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("only 97.8 % of its held-out answers unchanged on int8"), refused.err());

        CliRun warned = CliRun.of("infer", "--int8", "--bundle", sentiment.toString(), "What a lovely day");
        assertEquals(0, warned.exitCode(), warned.toString());
        assertTrue(warned.err().contains("warning: --int8 is deprecated; use --precision int8"), warned.err());
        assertTrue(warned.out().contains("positive"), warned.out());

        CliRun wrong = CliRun.of("infer", "--precision", "fp16", "--bundle", sentiment.toString(), "x");
        assertEquals(ExitCode.USAGE.code(), wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains("fp32 or int8, not 'fp16'"), wrong.err());
    }

    private Path copy(Path brick) throws Exception {
        Path folder = Files.createDirectories(work.resolve(brick.getParent().getFileName()));
        try (var files = Files.list(brick)) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        return folder;
    }

    private static Map<String, Double> metrics(Path folder) throws Exception {
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(folder.resolve("brick.json")));
        return new TreeMap<>(manifest.metrics());
    }
}
