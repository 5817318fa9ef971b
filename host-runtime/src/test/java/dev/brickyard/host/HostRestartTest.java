package dev.brickyard.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.api.version.VersionRange;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host with a storage folder of its own, closed (or gone) and opened again on the folder: it comes back with the
 * same bricks, versions, histories and sources, from the bundles it kept; and it refuses to start, naming the file,
 * rather than start without them when what it kept is damaged.
 */
class HostRestartTest {
    static final String TEXT = "The striker scored twice in the final minutes.";
    static final BrickId MOOD_A = BrickId.parse("acme/mood-a");
    static final BrickId MOOD = BrickId.parse("acme/mood");

    @TempDir
    Path storage;
    @TempDir
    Path jars;

    private HostOptions options() {
        return new HostOptions(BaseModelVariant.FP32, storage);
    }

    private Path jar(BrickJar brick) throws Exception {
        return brick.writeTo(Files.createDirectories(jars.resolve(String.valueOf(System.nanoTime()))));
    }

    @Test
    void aRestartedHostServesTheSameBricksVersionsHistoriesAndSources() throws Exception {
        BrickJar a1 = BrickJar.head("acme/mood-a", "1.0.0", "bad", "good");
        BrickJar a2 = BrickJar.head("acme/mood-a", "1.1.0", "bad", "good");
        BrickJar a3 = BrickJar.head("acme/mood-a", "1.2.0", "bad", "good");
        BrickJar b = BrickJar.head("acme/mood-b", "1.0.0", "good", "bad");
        BrickSource fromRegistry = BrickSource.registry(URI.create("http://registry.example:8080/"),
                "acme/mood-b@1.0.0");
        List<String> before;
        Map<BrickId, List<String>> historyBefore;
        try (BrickHost host = BrickHost.open(options())) {
            host.install(new ByteArrayInputStream(a1.bytes()));
            host.update(jar(a2));
            host.update(new ByteArrayInputStream(a3.bytes()));
            host.install(jar(b), fromRegistry);
            host.install(jar(BrickJar.composite("acme/mood", "1.0.0", List.of("bad", "good"), moodRecipe())));
            host.install(jar(BrickJar.knowledge("acme/facts", "1.0.0", Map.of("opening hours", "9 to 5"))));
            host.install(jar(BrickJar.adapter("acme/style", "1.0.0", 2, 0.05f, "layer.4.ffn_out")));
            host.install(jar(BrickJar.neurons("acme/quiet", "2.0.0", NeuronSelection.Mode.ABLATE, 2, 1, 2, 3)));
            before = described(host.bricks());
            historyBefore = histories(host);
            assertEquals(List.of("1.1.0", "1.0.0"), versions(host.history(MOOD_A)));
        }
        Files.writeString(storage.resolve("staging").resolve("upload-left-by-a-crash.jar"), "partial");
        Path orphan = Files.writeString(storage.resolve("archives").resolve("ab".repeat(32) + ".jar"),
                "kept by a change that died before its state was saved");

        try (BrickHost host = BrickHost.open(options())) {
            assertEquals(before, described(host.bricks()), "the same bricks, versions, digests, sources, in order");
            assertEquals(historyBefore, histories(host));
            assertEquals(fromRegistry, host.bricks().get(1).source());
            assertEquals(BrickSource.UPLOAD, host.bricks().get(0).source());
            assertEquals(List.of("acme.mood-a 1.2.0 ACTIVE", "acme.mood-b 1.0.0 ACTIVE", "acme.mood 1.0.0 ACTIVE",
                    "acme.facts 1.0.0 ACTIVE", "acme.style 1.0.0 ACTIVE", "acme.quiet 2.0.0 ACTIVE"),
                    host.osgiBundles());
            float[] embedding = host.baseModel().embed(TEXT);
            Inference answer = host.infer(TEXT, List.of(MOOD_A, MOOD));
            assertArrayEquals(a3.expectedProbabilities(embedding),
                    answer.answers().get(0).classification().probabilities(), 1e-5f);
            assertFalse(answer.answers().get(1).failed(), "the composite answers from its restored components");
            assertFalse(Files.exists(orphan), "an archive no state names is deleted");
            assertEquals(0, countFiles(storage.resolve("staging")));
            assertEquals(8, countFiles(storage.resolve("archives")), "six bricks and two earlier versions, "
                    + "one archive each");

            InstalledBrick rolledBack = host.rollback(MOOD_A);
            assertEquals(SemVer.parse("1.1.0"), rolledBack.version());
            assertArrayEquals(a2.expectedProbabilities(embedding),
                    host.infer(TEXT, List.of(MOOD_A)).answers().get(0).classification().probabilities(), 1e-5f);
            host.uninstall(BrickId.parse("acme/quiet"));
        }

        try (BrickHost host = BrickHost.open(options())) {
            assertEquals(SemVer.parse("1.1.0"), host.bricks().get(0).version(), "the rollback was saved");
            assertEquals(List.of("1.0.0"), versions(host.history(MOOD_A)));
            assertFalse(host.bricks().stream().anyMatch(brick -> brick.id().equals(BrickId.parse("acme/quiet"))));
            assertEquals(SemVer.parse("1.0.0"), host.rollback(MOOD_A).version());
            assertThrows(NoPreviousVersionException.class, () -> host.rollback(MOOD_A));
        }
    }

    @Test
    void aCompositeSavedBeforeItsComponentsIsRestoredAfterThem() throws Exception {
        try (BrickHost host = BrickHost.open(options())) {
            host.install(jar(BrickJar.head("acme/mood-a", "1.0.0", "bad", "good")));
            host.install(jar(BrickJar.head("acme/mood-b", "1.0.0", "good", "bad")));
            host.install(jar(BrickJar.composite("acme/mood", "1.0.0", List.of("bad", "good"), moodRecipe())));
        }
        ObjectMapper json = new ObjectMapper();
        Path stateFile = storage.resolve("state.json");
        ObjectNode state = (ObjectNode) json.readTree(stateFile.toFile());
        ArrayNode bricks = (ArrayNode) state.get("bricks");
        bricks.insert(0, bricks.remove(2));
        json.writeValue(stateFile.toFile(), state);

        try (BrickHost host = BrickHost.open(options())) {
            assertEquals(List.of("acme/mood-a", "acme/mood-b", "acme/mood"),
                    host.bricks().stream().map(brick -> brick.id().toString()).toList());
            assertFalse(host.infer(TEXT, List.of(MOOD)).answers().get(0).failed());
        }
    }

    @Test
    void aDamagedStateFileRefusesTheStartNamingTheFileAndChangesNothing() throws Exception {
        try (BrickHost host = BrickHost.open(options())) {
            host.install(jar(BrickJar.head("acme/kept", "1.0.0", "x", "y")));
        }
        Path stateFile = storage.resolve("state.json");
        String good = Files.readString(stateFile);
        Map<String, String> damaged = Map.of(
                "truncated", good.substring(0, good.length() / 2),
                "empty", "",
                "not an object", "[1, 2]",
                "no format", good.replace("\"format\"", "\"formats\""),
                "a digest that is not one", good.replaceFirst("\"sha256:[0-9a-f]+\"", "\"sha256:beef\""),
                "an unknown field", good.replace("\"format\"", "\"colour\" : 1, \"format\""));
        for (Map.Entry<String, String> damage : damaged.entrySet()) {
            Files.writeString(stateFile, damage.getValue());
            HostStateException refused = assertThrows(HostStateException.class, () -> BrickHost.open(options()),
                    damage.getKey());
            assertTrue(refused.getMessage().contains(stateFile + " is corrupt"), refused.getMessage());
            assertTrue(refused.getMessage().contains("move " + stateFile + " away"), refused.getMessage());
            assertEquals(damage.getValue(), Files.readString(stateFile), "the refused start left the file alone");
            assertEquals(1, countFiles(storage.resolve("archives")), "and the kept bundle");
        }

        Files.writeString(stateFile, good.replace("\"format\" : 1", "\"format\" : 2"));
        HostStateException newer = assertThrows(HostStateException.class, () -> BrickHost.open(options()));
        assertTrue(newer.getMessage().contains(stateFile + " was written by a newer host, in format 2"),
                newer.getMessage());

        Files.move(stateFile, storage.resolve("state.json.bad"));
        try (BrickHost host = BrickHost.open(options())) {
            assertEquals(List.of(), host.bricks(), "with the file moved away the host starts with no bricks");
            assertEquals(0, countFiles(storage.resolve("archives")));
        }
    }

    @Test
    void aKeptArchiveThatChangedOrWentMissingIsRefused() throws Exception {
        String sha256;
        try (BrickHost host = BrickHost.open(options())) {
            host.install(jar(BrickJar.head("acme/swapped", "1.0.0", "x", "y")));
            sha256 = host.update(jar(BrickJar.head("acme/swapped", "2.0.0", "x", "y"))).sha256();
        }
        Path archive = storage.resolve("archives").resolve(sha256.substring("sha256:".length()) + ".jar");
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        HostStateException truncated = assertThrows(HostStateException.class, () -> BrickHost.open(options()));
        assertTrue(truncated.getMessage().contains("the kept archive " + archive + " of acme/swapped@2.0.0 has "
                + "changed since it was kept"), truncated.getMessage());
        assertTrue(truncated.getMessage().contains("not " + sha256), truncated.getMessage());
        assertEquals(2, countFiles(storage.resolve("archives")), "nothing is deleted by a refused start");

        Files.write(archive, bytes);
        try (BrickHost host = BrickHost.open(options())) {
            InstalledBrick earlier = host.history(BrickId.parse("acme/swapped")).get(0);
            Files.delete(storage.resolve("archives").resolve(earlier.sha256().substring("sha256:".length())
                    + ".jar"));
        }
        HostStateException missing = assertThrows(HostStateException.class, () -> BrickHost.open(options()));
        assertTrue(missing.getMessage().contains("of acme/swapped@1.0.0 cannot be read"), missing.getMessage());
    }

    @Test
    void aHostWithoutAStorageFolderKeepsNoState() throws Exception {
        Path folder;
        try (BrickHost host = BrickHost.open(HostOptions.defaults())) {
            host.install(jar(BrickJar.head("acme/passing", "1.0.0", "x", "y")));
            folder = host.stagingFolder().getParent();
            assertFalse(Files.exists(folder.resolve("state.json")));
        }
        assertFalse(Files.exists(folder), "the temporary folder is deleted");
    }

    static CompositeRecipe moodRecipe() {
        return new CompositeRecipe(CompositeRecipe.AVERAGE, List.of(
                new CompositeRecipe.Component(MOOD_A, VersionRange.parse("^1"), 3),
                new CompositeRecipe.Component(BrickId.parse("acme/mood-b"), VersionRange.parse("^1"), 1)));
    }

    /** What a restart must keep of each brick: everything but the bundle id, which belongs to one run. */
    static List<String> described(List<InstalledBrick> bricks) {
        return bricks.stream().map(brick -> brick + " " + brick.kind() + " " + brick.labels() + " " + brick.sha256()
                + " " + brick.weightBytes() + " " + brick.source()).toList();
    }

    static Map<BrickId, List<String>> histories(BrickHost host) {
        return host.bricks().stream().collect(java.util.stream.Collectors.toMap(InstalledBrick::id,
                brick -> described(host.history(brick.id()))));
    }

    static List<String> versions(List<InstalledBrick> bricks) {
        return bricks.stream().map(brick -> brick.version().toString()).toList();
    }

    static long countFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
