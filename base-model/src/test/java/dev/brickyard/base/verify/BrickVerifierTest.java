package dev.brickyard.base.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.VersionRange;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.HostileGraphs;
import dev.brickyard.base.knowledge.ValuesFile;
import dev.brickyard.base.onnx.HeadGraph;
import dev.brickyard.base.onnx.KeyGraph;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrickVerifierTest {
    @TempDir
    Path folder;
    final BrickVerifier verifier = new BrickVerifier();

    @Test
    void validHeadPassesAndReportsItsSignatureAndDigest() throws Exception {
        Path jar = BrickJar.head("acme/sentiment", "1.2.0", "negative", "positive").writeTo(folder);
        VerifiedBrick brick = verifier.verify(jar);
        assertEquals("acme/sentiment", brick.manifest().id());
        assertEquals(List.of(-1L, 384L), brick.graph().inputs().get(0).shape());
        assertEquals(List.of(-1L, 2L), brick.graph().outputs().get(0).shape());
        assertEquals(BrickVerifier.sha256(jar), brick.sha256());
        assertEquals(Files.size(jar), brick.size());
        BrickVerifier.requireKnownBase(brick.manifest());
    }

    @Test
    void notAZipIsRefusedAsSuch() throws Exception {
        Path jar = Files.writeString(folder.resolve("text.jar"), "this is not a zip file");
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.getMessage().contains("not a jar (zip) file"), e.getMessage());
    }

    @Test
    void truncatedZipIsRefused() throws Exception {
        byte[] bytes = BrickJar.head("acme/a", "1.0.0", "x", "y").bytes();
        Path jar = Files.write(folder.resolve("cut.jar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
    }

    @Test
    void unparsableJarManifestIsAnInvalidBrick() throws Exception {
        Path jar = zip("broken.jar", "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nno colon on this line\n\n");
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(paths(e).contains("META-INF/MANIFEST.MF"), e.getMessage());
    }

    @Test
    void jarWithoutBrickJsonNamesTheMissingEntry() throws Exception {
        Path jar = zip("plain.jar", "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBundle-SymbolicName: x\n\n");
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(paths(e).contains("brick/brick.json"), e.getMessage());
    }

    @Test
    void brickJsonWithSeveralViolationsReportsThemAll() throws Exception {
        String json = """
                {"schemaVersion": 1, "id": "Acme/Bad Name", "version": "1.2", "kind": "gizmo",
                 "origin": "customized", "granularity": "module", "description": "",
                 "labels": ["a", "a"], "license": "MIT", "authors": ["x"],
                 "base": {"name": "all-minilm-l6-v2", "dim": 384, "digest": "md5:abc"},
                 "weights": ["../evil.onnx"], "colour": "red"}
                """;
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").brickJson(json.getBytes(StandardCharsets.UTF_8))
                .writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(paths(e).containsAll(Set.of("$.id", "$.version", "$.kind", "$.description", "$.labels[1]",
                "$.base.digest", "$.weights[0]", "$.colour")), e.getMessage());
    }

    @Test
    void onnxBytesThatDoNotParseAreNamed() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").onnx("not onnx".getBytes(StandardCharsets.UTF_8))
                .writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(paths(e).contains("brick/head.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("not an ONNX graph"), e.getMessage());
    }

    @Test
    void headOfTheWrongInputWidthIsRefusedWithBothShapes() throws Exception {
        byte[] wide = HeadGraph.linear(new float[512][2], new float[2], "wide");
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").onnx(wide).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.getMessage().contains("[-1, 512]") && e.getMessage().contains("[-1, 384]"), e.getMessage());
    }

    @Test
    void headWhoseOutputDisagreesWithItsLabelsIsRefused() throws Exception {
        byte[] three = HeadGraph.linear(new float[384][3], new float[3], "three");
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").onnx(three).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.getMessage().contains("[-1, 3]"), e.getMessage());
    }

    @Test
    void headersThatDisagreeWithBrickJsonAreEachReported() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y")
                .header("Bundle-SymbolicName", "acme.other")
                .header("Bundle-Version", "2.0.0")
                .header("Provide-Capability", "brick;brick=\"acme/other\";version:Version=\"1.0.0\";kind=head")
                .header("Require-Capability", null)
                .writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(paths(e).containsAll(Set.of("Bundle-SymbolicName", "Bundle-Version", "Provide-Capability",
                "Require-Capability")), e.getMessage());
    }

    @Test
    void capabilitiesOutsideTheAllowlistAreRefused() throws Exception {
        String provide = "brick;brick=\"acme/a\";version:Version=\"1.0.0\";kind=head";
        String require = "brick.base;filter:=\"(&(brick.base=all-minilm-l6-v2)(dim=384))\"";
        for (String[] extra : new String[][] {
                {"Provide-Capability", provide + ",brick.base;brick.base=\"evil-model\";dim:Long=384", "brick.base"},
                {"Provide-Capability", provide + ",osgi.ee;osgi.ee=\"JavaSE\";version:Version=\"99\"", "osgi.ee"},
                {"Require-Capability", require + ",osgi.ee;filter:=\"(osgi.ee=JavaSE)\"", "osgi.ee"},
                {"Require-Capability", require + ",osgi.wiring.package;filter:=\"(osgi.wiring.package=x)\"",
                        "osgi.wiring.package"}}) {
            Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").header(extra[0], extra[1])
                    .writeTo(folder, extra[2] + extra[0] + ".jar");
            MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
            assertTrue(e.violations().stream().anyMatch(v -> v.path().equals(extra[0])
                    && v.message().contains("'" + extra[2] + "'")), e.getMessage());
        }
    }

    @Test
    void hostileGraphsAreRefusedBeforeOnnxRuntimeSeesThem() throws Exception {
        Map<String, byte[]> graphs = new LinkedHashMap<>();
        graphs.put("'Loop'", HostileGraphs.endlessLoop());
        graphs.put("'ConstantOfShape'", HostileGraphs.hugeTensor());
        graphs.put("external file", HostileGraphs.externalData());
        graphs.put("multiply-adds per input row", HostileGraphs.tooMuchWork());
        graphs.put("more than the 256", HostileGraphs.tooManyNodes());
        for (Map.Entry<String, byte[]> graph : graphs.entrySet()) {
            Path jar = BrickJar.head("acme/hostile", "1.0.0", "x", "y").onnx(graph.getValue())
                    .writeTo(folder, "hostile-" + graph.getKey().hashCode() + ".jar");
            MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
            assertTrue(e.violations().stream().anyMatch(v -> v.path().equals("brick/head.onnx")
                    && v.message().contains(graph.getKey())), graph.getKey() + ": " + e.getMessage());
        }
    }

    @Test
    void aGraphThatDoesNotAnswerTheProbeInTimeIsRefused() throws Exception {
        Path jar = BrickJar.head("acme/slow", "1.0.0", "x", "y").writeTo(folder, "slow.jar");
        BrickVerifier impatient = new BrickVerifier(BrickArchiveLimits.DEFAULT, java.time.Duration.ZERO);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> impatient.verify(jar));
        assertTrue(e.violations().stream().anyMatch(v -> v.path().equals("brick/head.onnx")
                && v.message().contains("did not answer the 3 probe embeddings within 0 ms")), e.getMessage());
        verifier.verify(jar); // the same graph with the default bound answers at once
    }

    /**
     * Found by BundleFuzzTest: a flipped bit in a deflate stream or in the central directory escaped the verifier as
     * an EOFException (a 500 at the registry). Every 7th byte of a head bundle flipped, and every length cut.
     */
    @Test
    void truncatedAndDamagedArchivesAreMalformed() throws Exception {
        byte[] whole = BrickJar.head("acme/cut", "1.0.0", "x", "y").bytes();
        Path jar = folder.resolve("damaged.jar");
        for (int at = 0; at < whole.length; at += 7) {
            byte[] damaged = whole.clone();
            damaged[at] ^= 0x10;
            Files.write(jar, damaged);
            try {
                verifier.verify(jar);
            } catch (MalformedBrickException refused) {
                // what a damaged bundle should get
            }
        }
        for (int length = 0; length < whole.length; length += 97) {
            Files.write(jar, java.util.Arrays.copyOf(whole, length));
            assertThrows(MalformedBrickException.class, () -> verifier.verify(jar), "cut at " + length);
        }
    }

    @Test
    void missingCardAndMissingWeightsAreReported() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").withoutCard()
                .manifest(m -> new BrickManifest(m.schemaVersion(), m.id(), m.version(), m.kind(), m.origin(),
                        m.granularity(), m.description(), m.tags(), m.labels(), m.io(), m.routingKey(), m.metrics(),
                        m.license(), m.authors(), m.base(), List.of("head.onnx", "extra.bin")))
                .writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(paths(e).containsAll(Set.of("brick/README.md", "brick/extra.bin")), e.getMessage());
    }

    @Test
    void pathTraversalEntryIsRefused() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").entry("brick/../../etc/passwd", new byte[1])
                .writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.getMessage().contains("could escape"), e.getMessage());
    }

    @Test
    void absoluteEntryNameIsRefused() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").entry("/tmp/owned", new byte[1]).writeTo(folder);
        assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
    }

    @Test
    void zipBombIsRefusedByCompressionRatio() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").entry("brick/zeros.bin", new byte[20 << 20])
                .writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.getMessage().contains("zip bomb"), e.getMessage());
    }

    @Test
    void tooManyEntriesAreRefusedBeforeReading() throws Exception {
        BrickJar brick = BrickJar.head("acme/a", "1.0.0", "x", "y");
        for (int i = 0; i < 20; i++) {
            brick.entry("brick/extra-" + i + ".txt", new byte[] {1});
        }
        Path jar = brick.writeTo(folder);
        BrickVerifier strict = new BrickVerifier(new BrickArchiveLimits(10, 1 << 20, 1 << 20, 100, 10, 1024));
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> strict.verify(jar));
        assertTrue(e.getMessage().contains("entries"), e.getMessage());
    }

    @Test
    void oversizeEntryIsRefused() throws Exception {
        byte[] random = new byte[2 << 20];
        new java.util.Random(1).nextBytes(random);
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").entry("brick/big.bin", random).writeTo(folder);
        BrickVerifier strict = new BrickVerifier(new BrickArchiveLimits(100, 1 << 20, 8 << 20, 100, 10, 1024));
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> strict.verify(jar));
        assertTrue(e.getMessage().contains("size limit"), e.getMessage());
    }

    @Test
    void brickForAnotherBaseModelIsIncompatibleNamingBoth() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y")
                .manifest(m -> m.withBase(new BaseModelRef("other-model", 384, BaseModelVariant.FP32.digest())))
                .writeTo(folder);
        VerifiedBrick brick = verifier.verify(jar);
        IncompatibleBrickException e = assertThrows(IncompatibleBrickException.class,
                () -> BrickVerifier.requireKnownBase(brick.manifest()));
        assertTrue(e.getMessage().contains("other-model") && e.getMessage().contains(BaseModel.NAME), e.getMessage());
    }

    @Test
    void unknownBuildOfTheBaseModelIsIncompatible() throws Exception {
        BrickManifest manifest = BrickJar.headManifest("acme/a", "1.0.0", List.of("x", "y"))
                .withBase(new BaseModelRef(BaseModel.NAME, 384, "sha256:" + "0".repeat(64)));
        assertThrows(IncompatibleBrickException.class, () -> BrickVerifier.requireKnownBase(manifest));
    }

    @Test
    void classFilesAndActivatorsAreRefusedAsCode() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").entry("acme/Evil.class", new byte[] {(byte) 0xCA, 1})
                .header("Bundle-Activator", "acme.Evil").header("Import-Package", "org.osgi.framework")
                .writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(paths(e).containsAll(Set.of("acme/Evil.class", "Bundle-Activator", "Import-Package")),
                e.getMessage());
        assertTrue(e.getMessage().contains("trusted signer"), e.getMessage());
    }

    @Test
    void brickManifestHeaderMustNameTheStandardPath() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").header("Brick-Manifest", "elsewhere/brick.json")
                .writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(paths(e).contains("Brick-Manifest"), e.getMessage());
    }

    @Test
    void headThatAnswersLogitsInsteadOfProbabilitiesIsRefused() throws Exception {
        Path jar = BrickJar.head("acme/a", "1.0.0", "x", "y").onnx(matMulGraph("probabilities", 1f)).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.getMessage().contains("Softmax"), e.getMessage());
    }

    @Test
    void unknownBuildOfOurBaseModelIsIncompatibleButAnotherModelIsLeftToTheResolver() throws Exception {
        BrickManifest unknownBuild = BrickJar.headManifest("acme/a", "1.0.0", List.of("x", "y"))
                .withBase(new BaseModelRef(BaseModel.NAME, 384, "sha256:" + "1".repeat(64)));
        assertThrows(IncompatibleBrickException.class, () -> BrickVerifier.requireKnownBuild(unknownBuild));
        BrickManifest otherModel = unknownBuild.withBase(new BaseModelRef("other", 384, "sha256:" + "1".repeat(64)));
        BrickVerifier.requireKnownBuild(otherModel);
    }

    static final Map<String, String> FACTS = facts("Opening hours", "9 to 5 on weekdays", "Returns",
            "within 30 days with the receipt", "Delivery", "free above 50 euros");

    @Test
    void validKnowledgeBrickPassesWithItsKeyGraphsSignature() throws Exception {
        Path jar = BrickJar.knowledge("acme/facts", "1.0.0", FACTS).writeTo(folder);
        VerifiedBrick brick = verifier.verify(jar);
        assertEquals(BrickKind.KNOWLEDGE, brick.manifest().kind());
        assertEquals(List.of(-1L, 384L), brick.graph().inputs().get(0).shape());
        assertEquals(List.of(-1L, 3L), brick.graph().outputs().get(0).shape());
    }

    @Test
    void valuesFileWithAnotherNumberOfFactsThanScoresIsRefused() throws Exception {
        BrickJar brick = BrickJar.knowledge("acme/facts", "1.0.0", FACTS);
        Path jar = brick.values(ValuesFile.write(brick.facts().subList(0, 2))).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertEquals(Set.of("brick/values.jsonl"), paths(e));
        assertTrue(e.getMessage().contains("holds 2 facts") && e.getMessage().contains("3 scores"), e.getMessage());
    }

    @Test
    void everyBrokenLineOfTheValuesFileIsReportedWithItsNumber() throws Exception {
        String values = """
                {"key": "Opening hours", "value": "9 to 5"}
                not json
                {"key": "Returns"}
                {"key": "Opening hours", "value": "again"}

                {"key": "Delivery", "value": "free", "price": 0}
                ["key", "value"]
                """;
        Path jar = BrickJar.knowledge("acme/facts", "1.0.0", facts("a", "1", "b", "2", "c", "3", "d", "4", "e", "5",
                        "f", "6", "g", "7"))
                .values(values.getBytes(StandardCharsets.UTF_8)).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertEquals(Set.of("brick/values.jsonl"), paths(e));
        List<String> expected = List.of("line 2: is not one JSON value", "line 3: \"value\" is required",
                "line 4: key 'Opening hours' repeats line 1", "line 5: is blank",
                "line 6: has the unknown field 'price'", "line 7: is not a JSON object");
        assertEquals(expected.size(), e.violations().size(), e.getMessage());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(e.violations().get(i).message().startsWith(expected.get(i)), e.violations().get(i).message());
        }
    }

    @Test
    void keyGraphWhoseKeysAreNotUnitVectorsIsRefused() throws Exception {
        Path jar = BrickJar.knowledge("acme/facts", "1.0.0", facts("a", "1", "b", "2"))
                .onnx(matMulGraph("scores", 2f)).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertEquals(Set.of("brick/keys.onnx"), paths(e));
        assertTrue(e.getMessage().contains("not a cosine similarity"), e.getMessage());
    }

    @Test
    void keyGraphOfAnotherNumberOfFactsIsRefusedWithBothShapes() throws Exception {
        float[][] keys = new float[4][384];
        for (int i = 0; i < 4; i++) {
            keys[i][i] = 1;
        }
        Path jar = BrickJar.knowledge("acme/facts", "1.0.0", FACTS).onnx(KeyGraph.of(keys, "four")).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.getMessage().contains("[-1, 4]") && e.getMessage().contains("[-1, 3]"), e.getMessage());
    }

    @Test
    void valuesFilesBeyondTheFactLimitsAreRefused() throws Exception {
        Path jar = BrickJar.knowledge("acme/facts", "1.0.0", FACTS).writeTo(folder);
        BrickVerifier fewFacts = new BrickVerifier(new BrickArchiveLimits(100, 1 << 20, 8 << 20, 100, 2, 1024));
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> fewFacts.verify(jar));
        assertTrue(e.getMessage().contains("more than the limit of 2 facts"), e.getMessage());
        BrickVerifier shortLines = new BrickVerifier(new BrickArchiveLimits(100, 1 << 20, 8 << 20, 100, 10, 40));
        e = assertThrows(MalformedBrickException.class, () -> shortLines.verify(jar));
        assertTrue(e.getMessage().contains("more than the limit of 40"), e.getMessage());
    }

    private static final CompositeRecipe RECIPE = new CompositeRecipe(CompositeRecipe.AVERAGE, List.of(
            new CompositeRecipe.Component(BrickId.parse("acme/sentiment"), VersionRange.parse("^1.2"), 2.0),
            new CompositeRecipe.Component(BrickId.parse("brickyard/mood"), VersionRange.parse("~0.3.1"), 1.0)));

    @Test
    void validCompositePassesWithoutAGraph() throws Exception {
        Path jar = composite().writeTo(folder);
        VerifiedBrick brick = verifier.verify(jar);
        assertEquals(BrickKind.COMPOSITE, brick.manifest().kind());
        assertEquals(List.of("negative", "positive"), brick.manifest().labels());
        assertEquals(null, brick.graph());
        assertTrue(brick.headers().get("Require-Capability").contains("(brick=brickyard/mood)"),
                brick.headers().toString());
    }

    @Test
    void compositeWhoseComponentRequirementsAreInAnotherOrderPasses() throws Exception {
        CompositeRecipe reversed = new CompositeRecipe(CompositeRecipe.AVERAGE,
                List.of(RECIPE.components().get(1), RECIPE.components().get(0)));
        Path jar = composite().header("Require-Capability", BrickHeaders.requireComponents(reversed) + ", "
                + BrickHeaders.requireBase(composite().manifest().base())).writeTo(folder);
        assertEquals("acme/blend", verifier.verify(jar).manifest().id());
    }

    @Test
    void compositeWithoutItsRecipeIsRefused() throws Exception {
        Path jar = composite().writeTo(folder);
        Path missing = rewrite(jar, "brick/recipe.json");
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(missing));
        assertEquals(Set.of("brick/recipe.json"), paths(e), e.getMessage());
    }

    @Test
    void compositeWhoseHeaderDoesNotMatchItsRecipeNamesBothSides() throws Exception {
        CompositeRecipe other = new CompositeRecipe(CompositeRecipe.AVERAGE, List.of(RECIPE.components().get(0),
                new CompositeRecipe.Component(BrickId.parse("brickyard/mood"), VersionRange.parse("^1"), 1.0)));
        Path jar = composite().header("Require-Capability", BrickHeaders.requireBase(composite().manifest().base())
                + "," + BrickHeaders.requireComponents(other)).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertEquals(Set.of("Require-Capability"), paths(e), e.getMessage());
        assertEquals(2, e.violations().size(), e.getMessage());
        assertTrue(e.getMessage().contains("(version>=0.3.1)") && e.getMessage().contains("(version>=1.0.0)"),
                e.getMessage());
    }

    @Test
    void compositeWithOnlyTheBaseRequirementIsRefused() throws Exception {
        Path jar = composite().header("Require-Capability", BrickHeaders.requireBase(composite().manifest().base()))
                .writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertEquals(2, e.violations().size(), e.getMessage());
        assertTrue(e.getMessage().contains("as recipe.json's components say"), e.getMessage());
    }

    @Test
    void headThatRequiresOtherBricksIsRefused() throws Exception {
        BrickJar head = BrickJar.head("acme/a", "1.0.0", "x", "y");
        Path jar = head.header("Require-Capability", BrickHeaders.requireBase(head.manifest().base()) + ","
                + BrickHeaders.requireComponents(RECIPE)).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertTrue(e.getMessage().contains("only a composite does"), e.getMessage());
    }

    @Test
    void invalidRecipeIsRefusedWithJsonPathsInsideTheEntry() throws Exception {
        String recipe = """
                {"combine": "vote", "components": [
                  {"brick": "acme/sentiment", "range": "^1.2", "weight": 2.0},
                  {"brick": "acme/blend", "range": "not a range", "weight": 0}]}
                """;
        Path jar = composite().recipeJson(recipe.getBytes(StandardCharsets.UTF_8)).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertEquals(Set.of("brick/recipe.json:$.combine", "brick/recipe.json:$.components[1].brick",
                "brick/recipe.json:$.components[1].range", "brick/recipe.json:$.components[1].weight"), paths(e),
                e.getMessage());
    }

    @Test
    void recipeThatIsNotJsonIsNamed() throws Exception {
        Path jar = composite().recipeJson("{\"combine\": ".getBytes(StandardCharsets.UTF_8)).writeTo(folder);
        MalformedBrickException e = assertThrows(MalformedBrickException.class, () -> verifier.verify(jar));
        assertEquals(Set.of("brick/recipe.json"), paths(e), e.getMessage());
    }

    private static BrickJar composite() {
        return BrickJar.composite("acme/blend", "1.0.0", List.of("negative", "positive"), RECIPE);
    }

    /** A copy of the archive without one entry. */
    private Path rewrite(Path jar, String without) throws Exception {
        Path copy = folder.resolve("without-" + jar.getFileName());
        try (var in = new java.util.zip.ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (var entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().equals(without)) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    in.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return copy;
    }

    private static Map<String, String> facts(String... keysAndValues) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            facts.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return facts;
    }

    /**
     * {@code output = embedding x W}, W [384, 2] all {@code weight}: a head graph without its Softmax, or a key graph
     * whose keys are not unit vectors.
     */
    private static byte[] matMulGraph(String output, float weight) {
        var ones = new float[384 * 2];
        java.util.Arrays.fill(ones, weight);
        var bytes = java.nio.ByteBuffer.allocate(ones.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(ones);
        var dims = ai.onnx.proto.OnnxMl.TensorShapeProto.newBuilder()
                .addDim(ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        java.util.function.Function<Integer, ai.onnx.proto.OnnxMl.TypeProto> type = width ->
                ai.onnx.proto.OnnxMl.TypeProto.newBuilder().setTensorType(ai.onnx.proto.OnnxMl.TypeProto.Tensor
                        .newBuilder().setElemType(1).setShape(dims.clone().addDim(ai.onnx.proto.OnnxMl
                                .TensorShapeProto.Dimension.newBuilder().setDimValue(width)))).build();
        var graph = ai.onnx.proto.OnnxMl.GraphProto.newBuilder().setName("logits")
                .addInput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("embedding").setType(type.apply(384)))
                .addOutput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName(output)
                        .setType(type.apply(2)))
                .addInitializer(ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setName("W").setDataType(1)
                        .addDims(384).addDims(2).setRawData(com.google.protobuf.ByteString.copyFrom(bytes.array())))
                .addNode(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput("embedding")
                        .addInput("W").addOutput(output));
        return ai.onnx.proto.OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17)).build()
                .toByteArray();
    }


    private Path zip(String name, String entry, String content) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return Files.write(folder.resolve(name), buffer.toByteArray());
    }

    private static Set<String> paths(MalformedBrickException e) {
        return e.violations().stream().map(Violation::path).collect(Collectors.toSet());
    }
}
