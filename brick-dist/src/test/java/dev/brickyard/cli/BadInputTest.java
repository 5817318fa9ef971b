package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every wrong input gets a specific message and exit code, and leaves no file behind. */
class BadInputTest {
    @TempDir
    Path work;

    @Test
    void aHostWithUnknownLoraSitesIsRefusedBeforeItStarts() {
        CliRun run = CliRun.of("host", "serve", "--port", "0", "--lora-sites", "ffn_out,layer.9.query");
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("--lora-sites") && run.err().contains("layer 9 is out of range"), run.err());
        CliRun kind = CliRun.of("host", "serve", "--port", "0", "--lora-sites", "mlp");
        assertEquals(ExitCode.USAGE.code(), kind.exitCode(), kind.toString());
        assertTrue(kind.err().contains("'mlp' is neither a LoRA site"), kind.err());
    }

    @Test
    void malformedTrainingLinesAreNamedByNumber() throws Exception {
        Path data = Files.writeString(work.resolve("bad.tsv"), "good text\tpos\nno tab here\n\tempty text\nok\tneg\n");
        CliRun run = CliRun.of("train", "head", "--data", data.toString(), "--out", work.resolve("out").toString(),
                "--id", "acme/x", "--description", "d", "--author", "a");
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("bad.tsv:2") && run.err().contains("bad.tsv:3"), run.err());
        assertFalse(Files.exists(work.resolve("out").resolve("brick.json")));
    }

    @Test
    void trainingDataWithOneLabelIsRefused() throws Exception {
        Path data = Files.writeString(work.resolve("one.tsv"), "a\tpos\nb\tpos\nc\tpos\nd\tpos\ne\tpos\n");
        CliRun run = CliRun.of("train", "head", "--data", data.toString(), "--out", work.resolve("out").toString(),
                "--id", "acme/x", "--description", "d", "--author", "a");
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("at least two labels"), run.err());
    }

    @Test
    void missingMetadataIsListed() throws Exception {
        Path data = Files.writeString(work.resolve("d.tsv"), "a\tx\nb\ty\n");
        CliRun run = CliRun.of("train", "head", "--data", data.toString(), "--out", work.resolve("out").toString());
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("--id") && run.err().contains("--description") && run.err().contains("--author"),
                run.err());
    }

    @Test
    void optionsThatWouldMakeAnInvalidManifestAreRefusedBeforeWriting() throws Exception {
        Path data = Files.writeString(work.resolve("d.tsv"), "a cat\tx\nthe dog\tx\nstocks\ty\nbonds\ty\nshares\ty\n"
                + "a bird\tx\n");
        CliRun run = CliRun.of("train", "head", "--data", data.toString(), "--out", work.resolve("out").toString(),
                "--id", "acme/x", "--description", "d", "--author", "a", "--tag", "Not A Tag");
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("$.tags[0]"), run.err());
        assertFalse(Files.exists(work.resolve("out").resolve("brick.json")));
    }

    @Test
    void trainHeadHasHelpDespiteItsVersionOption() {
        CliRun run = CliRun.of("train", "head", "--help");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("--version=SEMVER") && run.out().contains("--heldout"), run.out());
    }

    @Test
    void missingDataFileIsAUsageError() {
        CliRun run = CliRun.of("train", "head", "--data", work.resolve("nope.tsv").toString(), "--out",
                work.toString(), "--id", "acme/x", "--description", "d", "--author", "a");
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("no such data file"), run.err());
    }

    @Test
    void packingAFolderThatIsNotABrickIsAnInvalidBrick() throws Exception {
        CliRun run = CliRun.of("pack", work.toString(), "-o", work.resolve("x.jar").toString());
        assertEquals(ExitCode.INVALID_BRICK.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("no brick.json"), run.err());
        assertFalse(Files.exists(work.resolve("x.jar")));
    }

    @Test
    void packingAFolderWithoutItsWeightsListsWhatIsMissing() throws Exception {
        Path folder = Files.createDirectories(work.resolve("brick"));
        Files.write(folder.resolve("brick.json"), dev.brickyard.api.manifest.ManifestJson.write(
                BrickJar.headManifest("acme/x", "1.0.0", List.of("a", "b"))));
        CliRun run = CliRun.of("pack", folder.toString(), "-o", work.resolve("x.jar").toString());
        assertEquals(ExitCode.INVALID_BRICK.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("README.md") && run.err().contains("head.onnx"), run.err());
        try (var files = Files.list(work)) {
            assertEquals(List.of(folder), files.toList(), "pack left files behind");
        }
    }

    @Test
    void verifyingANonZipIsAnInvalidBrick() throws Exception {
        Path text = Files.writeString(work.resolve("x.jar"), "hello");
        CliRun run = CliRun.of("verify", text.toString());
        assertEquals(ExitCode.INVALID_BRICK.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("not a jar"), run.err());
    }

    @Test
    void verifyListsEverySchemaViolationAsJson() throws Exception {
        Path jar = BrickJar.head("acme/x", "1.0.0", "a", "b")
                .brickJson("{\"schemaVersion\":1,\"id\":\"BAD\",\"version\":\"x\"}".getBytes()).writeTo(work);
        CliRun run = CliRun.of("verify", "--json", jar.toString());
        assertEquals(ExitCode.INVALID_BRICK.code(), run.exitCode(), run.toString());
        assertTrue(run.out().contains("\"$.id\"") && run.out().contains("\"$.version\"")
                && run.out().contains("\"$.kind\""), run.out());
    }

    @Test
    void verifyingAMissingFileIsNotFound() {
        CliRun run = CliRun.of("verify", work.resolve("missing.jar").toString());
        assertEquals(ExitCode.NOT_FOUND.code(), run.exitCode(), run.toString());
    }

    @Test
    void brickForAnotherBaseModelIsIncompatibleInVerifyAndInfer() throws Exception {
        Path jar = BrickJar.head("acme/alien", "1.0.0", "a", "b")
                .manifest(m -> m.withBase(new BaseModelRef("other-model", 384, BaseModelVariant.FP32.digest())))
                .writeTo(work);
        CliRun verify = CliRun.of("verify", jar.toString());
        assertEquals(ExitCode.INCOMPATIBLE.code(), verify.exitCode(), verify.toString());
        CliRun infer = CliRun.of("infer", "--bundle", jar.toString(), "text");
        assertEquals(ExitCode.INCOMPATIBLE.code(), infer.exitCode(), infer.toString());
        assertTrue(infer.err().contains("missing requirement") && infer.err().contains("other-model"), infer.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithAHint() {
        CliRun run = CliRun.of("pack", "--frobnicate");
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("Try 'brick pack --help'"), run.err());
    }

    @Test
    void mistypedCommandsAndOptionsGetSuggestions() {
        CliRun command = CliRun.of("pubish", "urgency");
        assertEquals(ExitCode.USAGE.code(), command.exitCode(), command.toString());
        assertTrue(command.err().contains("Did you mean: brick publish"), command.err());
        CliRun option = CliRun.of("search", "--regsitry", "http://127.0.0.1:9", "urgent");
        assertEquals(ExitCode.USAGE.code(), option.exitCode(), option.toString());
        assertTrue(option.err().contains("Unknown option: '--regsitry'") && option.err().contains("--registry"),
                option.err());
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        for (ExitCode code : ExitCode.values()) {
            assertTrue(run.out().contains(String.format("%3d  ", code.code())), run.out());
        }
        assertTrue(run.out().contains("train") && run.out().contains("infer") && run.out().contains("demo"));
    }
}
