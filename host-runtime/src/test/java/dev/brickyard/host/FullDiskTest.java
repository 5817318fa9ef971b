package dev.brickyard.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.http.HostServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up under a running host: the state file's new bytes are half written when the write fails. Every
 * kind of change is then refused, over the Java API and with {@code 507 state_not_saved} over HTTP, and the host
 * keeps what it had, in memory and on disk; once there is room again, changes go through and are saved.
 */
class FullDiskTest {
    static final BrickId SWAPPED = BrickId.parse("acme/swapped");

    @TempDir
    Path storage;
    @TempDir
    Path jars;

    /** Writes half the bytes, then fails as a full disk does, while {@code full} is set. */
    private static StateFile.Disk fillingUp(AtomicBoolean full) {
        return (channel, bytes) -> {
            if (full.get()) {
                bytes.limit(bytes.position() + bytes.remaining() / 2);
                StateFile.Disk.REAL.write(channel, bytes);
                throw new IOException("No space left on device");
            }
            StateFile.Disk.REAL.write(channel, bytes);
        };
    }

    private Path jar(BrickJar brick) throws Exception {
        return brick.writeTo(Files.createDirectories(jars.resolve(String.valueOf(System.nanoTime()))));
    }

    @Test
    void aChangeThatCannotBeSavedIsRefusedAndTheHostKeepsItsState() throws Exception {
        AtomicBoolean full = new AtomicBoolean();
        HostOptions options = new HostOptions(BaseModelVariant.FP32, storage);
        Path v3 = jar(BrickJar.head("acme/swapped", "3.0.0", "x", "y"));
        Path other = jar(BrickJar.head("acme/other", "1.0.0", "x", "y"));
        try (HostServer server = HostServer.start(BrickHost.open(options, fillingUp(full)), "127.0.0.1", 0, null)) {
            BrickHost host = server.host();
            host.install(jar(BrickJar.head("acme/swapped", "1.0.0", "x", "y")));
            host.update(jar(BrickJar.head("acme/swapped", "2.0.0", "x", "y")));
            List<InstalledBrick> bricks = host.bricks();
            List<InstalledBrick> history = host.history(SWAPPED);
            long generation = host.generation();
            List<String> bundles = host.osgiBundles();
            byte[] saved = Files.readAllBytes(storage.resolve("state.json"));
            List<Path> archives = list(storage.resolve("archives"));

            full.set(true);
            List<Executable> changes = List.of(
                    () -> host.install(other),
                    () -> host.update(v3),
                    () -> host.rollback(SWAPPED),
                    () -> host.uninstall(SWAPPED));
            for (Executable change : changes) {
                StateNotSavedException refused = assertThrows(StateNotSavedException.class, change);
                assertTrue(refused.getMessage().contains("could not save its state to " + storage.resolve("state.json")
                        + " (java.io.IOException: No space left on device); the change was not made"),
                        refused.getMessage());
                assertEquals(bricks, host.bricks());
                assertEquals(history, host.history(SWAPPED));
                assertEquals(generation, host.generation());
                assertEquals(bundles, host.osgiBundles(), "the new version's bundle is gone again");
                assertArrayEquals(saved, Files.readAllBytes(storage.resolve("state.json")));
                assertFalse(Files.exists(storage.resolve("state.json.new")), "no half-written file is left");
                assertEquals(archives, list(storage.resolve("archives")));
                assertEquals(List.of(), list(storage.resolve("staging")));
            }
            assertEquals(0, host.drainingBricks(), "the refused bricks were closed");
            assertEquals("2.0.0", host.infer("fine", List.of(SWAPPED)).answers().get(0).version().toString(),
                    "the version saved last still answers");

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            server.uri().resolve("v1/bricks"))
                    .header("Content-Type", "application/java-archive")
                    .POST(HttpRequest.BodyPublishers.ofFile(other)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(507, answer.statusCode(), answer.body());
            JsonNode problem = new ObjectMapper().readTree(answer.body());
            assertEquals("state_not_saved", problem.path("code").asText(), answer.body());
            assertTrue(problem.path("detail").asText().contains("No space left on device"), answer.body());
            HttpResponse<String> removal = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.uri().resolve("v1/bricks/acme/swapped")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(507, removal.statusCode(), removal.body());
            assertEquals(bricks, host.bricks());

            full.set(false);
            assertEquals("acme/other@1.0.0", host.install(other).toString(), "with room again, changes go through");
        }
        try (BrickHost reopened = BrickHost.open(options)) {
            assertEquals(List.of("acme/swapped@2.0.0", "acme/other@1.0.0"),
                    reopened.bricks().stream().map(InstalledBrick::toString).toList());
            assertEquals(List.of("acme/swapped@1.0.0"),
                    reopened.history(SWAPPED).stream().map(InstalledBrick::toString).toList());
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
