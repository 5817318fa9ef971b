package dev.brickyard.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.onnx.HeadGraph;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real host: embedded Felix, the real base model on ONNX Runtime, real bundles. */
class BrickHostTest {
    static final String TEXT = "The striker scored twice in the final minutes.";
    @TempDir
    static Path storage;
    @TempDir
    Path jars;
    static BrickHost host;

    @BeforeAll
    static void open() throws Exception {
        host = BrickHost.open(new HostOptions(BaseModelVariant.FP32, storage));
    }

    @AfterAll
    static void close() {
        host.close();
    }

    @AfterEach
    void uninstallEverything() throws Exception {
        for (InstalledBrick brick : host.bricks()) {
            host.uninstall(brick.id());
        }
        assertEquals(List.of(), host.osgiBundles());
        assertEquals(0, countFiles(storage.resolve("archives")), "archives left behind");
        assertEquals(0, countFiles(storage.resolve("staging")), "staged files left behind");
    }

    @Test
    void installedHeadsAnswerExactlyAsTheirWeightsSay() throws Exception {
        BrickJar sentiment = BrickJar.head("acme/sentiment", "1.2.0", "negative", "positive");
        BrickJar topic = BrickJar.head("acme/topic", "0.3.0", "sports", "business", "politics");
        InstalledBrick installed = host.install(sentiment.writeTo(jars));
        host.install(topic.writeTo(jars));
        assertEquals(new BrickId("acme", "sentiment"), installed.id());
        assertEquals(List.of("negative", "positive"), installed.labels());
        assertTrue(installed.weightBytes() > 384 * 2 * 4);

        Inference inference = host.infer(TEXT, List.of(BrickId.parse("acme/topic"), BrickId.parse("acme/sentiment")));
        float[] embedding = host.baseModel().embed(TEXT);
        assertEquals(2, inference.answers().size());
        BrickAnswer first = inference.answers().get(0);
        assertEquals(BrickId.parse("acme/topic"), first.brick());
        assertEquals(SemVer.parse("0.3.0"), first.version());
        assertArrayEquals(topic.expectedProbabilities(embedding), first.classification().probabilities(), 1e-5f);
        assertArrayEquals(sentiment.expectedProbabilities(embedding),
                inference.answers().get(1).classification().probabilities(), 1e-5f);
        assertEquals(List.of("acme.sentiment 1.2.0 ACTIVE", "acme.topic 0.3.0 ACTIVE"), host.osgiBundles());
    }

    @Test
    void withNoBrickNamedEveryInstalledHeadAnswersAndBatchesKeepTheirOrder() throws Exception {
        host.install(BrickJar.head("acme/a", "1.0.0", "x", "y").writeTo(jars));
        host.install(BrickJar.head("acme/b", "1.0.0", "x", "y", "z").writeTo(jars));
        List<Inference> inferences = host.infer(List.of("first text", "second text", TEXT), List.of());
        assertEquals(List.of("first text", "second text", TEXT), inferences.stream().map(Inference::text).toList());
        for (Inference inference : inferences) {
            assertEquals(List.of("acme/a", "acme/b"),
                    inference.answers().stream().map(answer -> answer.brick().toString()).toList());
        }
    }

    @Test
    void installFromAStreamLeavesNoStagedFile() throws Exception {
        byte[] bytes = BrickJar.head("acme/stream", "1.0.0", "x", "y").bytes();
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            assertEquals("acme/stream@1.0.0", host.install(in).toString());
        }
        assertEquals(0, countFiles(storage.resolve("staging")));
    }

    @Test
    void installingTheSameBrickTwiceIsAConflictAndChangesNothing() throws Exception {
        Path jar = BrickJar.head("acme/twice", "1.0.0", "x", "y").writeTo(jars);
        host.install(jar);
        List<String> before = host.osgiBundles();
        BrickConflictException e = assertThrows(BrickConflictException.class, () -> host.install(jar));
        assertTrue(e.getMessage().contains("already installed"), e.getMessage());
        Path other = BrickJar.head("acme/twice", "2.0.0", "x", "y").writeTo(jars);
        assertThrows(BrickConflictException.class, () -> host.install(other));
        assertEquals(before, host.osgiBundles());
        assertEquals(1, host.bricks().size());
        assertEquals(1, countFiles(storage.resolve("archives")));
    }

    @Test
    void brickForAnotherBaseModelStaysUnresolvedAndTheErrorNamesTheRequirement() throws Exception {
        Path jar = BrickJar.head("acme/alien", "1.0.0", "x", "y")
                .manifest(m -> m.withBase(new BaseModelRef("other-model", 384, BaseModelVariant.FP32.digest())))
                .writeTo(jars);
        IncompatibleBrickException e = assertThrows(IncompatibleBrickException.class, () -> host.install(jar));
        assertTrue(e.getMessage().contains("brick.base") && e.getMessage().contains("other-model"), e.getMessage());
        assertEquals(List.of(), host.bricks());
        assertEquals(List.of(), host.osgiBundles());
    }

    @Test
    void brickTrainedOnAnUnknownBuildOfTheBaseModelIsRefused() throws Exception {
        Path jar = BrickJar.head("acme/odd", "1.0.0", "x", "y")
                .manifest(m -> m.withBase(new BaseModelRef("all-minilm-l6-v2", 384, "sha256:" + "2".repeat(64))))
                .writeTo(jars);
        IncompatibleBrickException e = assertThrows(IncompatibleBrickException.class, () -> host.install(jar));
        assertTrue(e.getMessage().contains("unknown build"), e.getMessage());
        assertEquals(List.of(), host.osgiBundles());
    }

    @Test
    void brickForAnotherEmbeddingWidthIsRefusedByTheResolver() throws Exception {
        float[] key = new float[512];
        key[0] = 1;
        BrickManifest wide = new BrickManifest(1, "acme/wide", "1.0.0", dev.brickyard.api.kind.BrickKind.HEAD,
                dev.brickyard.api.kind.BrickOrigin.CUSTOMIZED, dev.brickyard.api.kind.Granularity.MODULE, "wide",
                List.of(), List.of("x", "y"), HeadGraph.signature(512, 2), key, null, "MIT", List.of("t"),
                new BaseModelRef("all-minilm-l6-v2", 512, BaseModelVariant.FP32.digest()), List.of("head.onnx"));
        Path jar = BrickJar.head("acme/wide", "1.0.0", "x", "y").manifest(m -> wide)
                .onnx(HeadGraph.linear(new float[512][2], new float[2], "wide")).writeTo(jars);
        IncompatibleBrickException e = assertThrows(IncompatibleBrickException.class, () -> host.install(jar));
        assertTrue(e.getMessage().contains("dim=512"), e.getMessage());
        assertEquals(List.of(), host.osgiBundles());
    }

    @Test
    void malformedArchivesAreRefusedBeforeTheFrameworkSeesThem() throws Exception {
        List<Path> bad = List.of(
                Files.writeString(jars.resolve("text.jar"), "not a zip"),
                BrickJar.head("acme/bad", "1.0.0", "x", "y").onnx("garbage".getBytes(StandardCharsets.UTF_8))
                        .writeTo(jars, "garbage"),
                BrickJar.head("acme/bad", "1.0.0", "x", "y").onnx(HeadGraph.linear(new float[512][2], new float[2], "w"))
                        .writeTo(jars, "wide"),
                BrickJar.head("acme/bad", "1.0.0", "x", "y").brickJson("{\"id\": 3}".getBytes(StandardCharsets.UTF_8))
                        .writeTo(jars, "schema"));
        for (Path jar : bad) {
            assertThrows(MalformedBrickException.class, () -> host.install(jar), jar.toString());
        }
        assertEquals(List.of(), host.bricks());
        assertEquals(List.of(), host.osgiBundles());
    }

    @Test
    void swapLoadsTheNewVersionBesideTheOldAndRollbackReturnsToIt() throws Exception {
        BrickJar v1 = BrickJar.head("acme/swap", "1.0.0", "x", "y");
        BrickJar v2 = BrickJar.head("acme/swap", "1.1.0", "x", "y");
        InstalledBrick installed = host.install(v1.writeTo(jars));
        long generation = host.generation();
        InstalledBrick updated = host.update(v2.writeTo(jars));
        assertNotEquals(installed.bundleId(), updated.bundleId(), "the new version gets its own bundle");
        assertEquals(generation + 1, host.generation());
        assertEquals(SemVer.parse("1.1.0"), updated.version());
        BrickAnswer answer = host.infer(TEXT, List.of(updated.id())).answers().get(0);
        assertEquals(SemVer.parse("1.1.0"), answer.version());
        assertArrayEquals(v2.expectedProbabilities(host.baseModel().embed(TEXT)),
                answer.classification().probabilities(), 1e-5f);
        assertEquals(List.of("acme.swap 1.1.0 ACTIVE"), host.osgiBundles(), "the old bundle is gone");
        assertEquals(2, countFiles(storage.resolve("archives")), "the old archive is kept for a rollback");
        assertEquals(List.of(installed), host.history(installed.id()));

        InstalledBrick rolledBack = host.rollback(installed.id());
        assertEquals(SemVer.parse("1.0.0"), rolledBack.version());
        assertArrayEquals(v1.expectedProbabilities(host.baseModel().embed(TEXT)),
                host.infer(TEXT, List.of(installed.id())).answers().get(0).classification().probabilities(), 1e-5f);
        assertEquals(1, countFiles(storage.resolve("archives")), "the version rolled back from is dropped");
        assertEquals(List.of(), host.history(installed.id()));
        assertThrows(NoPreviousVersionException.class, () -> host.rollback(installed.id()));
    }

    @Test
    void swappingBackAndForthKeepsEveryArchiveStillNeeded() throws Exception {
        Path a = BrickJar.head("acme/flip", "1.0.0", "x", "y").writeTo(Files.createDirectories(jars.resolve("a")));
        Path b = BrickJar.head("acme/flip", "2.0.0", "x", "y").writeTo(Files.createDirectories(jars.resolve("b")));
        InstalledBrick installed = host.install(a);
        for (int i = 0; i < 4; i++) {
            host.update(b);
            host.update(a);
        }
        assertEquals(BrickHost.HISTORY, host.history(installed.id()).size());
        for (int i = 0; i < BrickHost.HISTORY; i++) {
            host.rollback(installed.id());   // each needs the archive of a version that is also installed or kept
        }
        assertEquals(SemVer.parse("2.0.0"), host.infer(TEXT, List.of(installed.id())).answers().get(0).version());
        assertEquals(1, countFiles(storage.resolve("archives")), "only the installed version's archive is left");
    }

    @Test
    void updateWithTheSameBytesChangesNothing() throws Exception {
        Path jar = BrickJar.head("acme/same", "1.0.0", "x", "y").writeTo(jars);
        InstalledBrick installed = host.install(jar);
        assertEquals(installed, host.update(jar));
    }

    @Test
    void failedUpdateRollsBackToTheVersionThatWorked() throws Exception {
        BrickJar v1 = BrickJar.head("acme/safe", "1.0.0", "x", "y");
        host.install(v1.writeTo(jars));
        Path alien = BrickJar.head("acme/safe", "2.0.0", "x", "y")
                .manifest(m -> m.withBase(new BaseModelRef("other-model", 384, BaseModelVariant.FP32.digest())))
                .writeTo(jars);
        assertThrows(IncompatibleBrickException.class, () -> host.update(alien));
        BrickAnswer answer = host.infer(TEXT, List.of(BrickId.parse("acme/safe"))).answers().get(0);
        assertEquals(SemVer.parse("1.0.0"), answer.version());
        assertArrayEquals(v1.expectedProbabilities(host.baseModel().embed(TEXT)),
                answer.classification().probabilities(), 1e-5f);
        assertEquals(List.of("acme.safe 1.0.0 ACTIVE"), host.osgiBundles());
    }

    @Test
    void updatingABrickThatIsNotInstalledIsNotFound() throws Exception {
        Path jar = BrickJar.head("acme/ghost", "1.0.0", "x", "y").writeTo(jars);
        assertThrows(BrickNotFoundException.class, () -> host.update(jar));
        assertEquals(List.of(), host.osgiBundles());
    }

    @Test
    void uninstalledBrickIsGoneFromInferenceAndTheFramework() throws Exception {
        host.install(BrickJar.head("acme/gone", "1.0.0", "x", "y").writeTo(jars));
        host.uninstall(BrickId.parse("acme/gone"));
        BrickNotFoundException e = assertThrows(BrickNotFoundException.class,
                () -> host.infer(TEXT, List.of(BrickId.parse("acme/gone"))));
        assertTrue(e.getMessage().contains("acme/gone"), e.getMessage());
        assertThrows(BrickNotFoundException.class, () -> host.uninstall(BrickId.parse("acme/gone")));
        assertEquals(List.of(), host.osgiBundles());
    }

    static long countFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
