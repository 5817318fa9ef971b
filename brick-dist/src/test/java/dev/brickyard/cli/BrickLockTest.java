package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.host.registry.BrickLock;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.http.client.DigestMismatchException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock file pins the bricks a fleet runs: {@code brick host lock} writes one from a running host, and another host
 * given it converges on exactly those versions and bytes, refusing a registry that serves other ones.
 */
class BrickLockTest {
    @TempDir
    Path folder;

    @Test
    void aSecondHostRunsExactlyWhatTheFirstOneLockedAndRefusesOtherBytes() throws Exception {
        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0))) {
            String token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t")
                    .secret();
            Map<String, String> author = Map.of("BRICKYARD_TOKEN", token, "BRICKYARD_CONFIG_DIR",
                    folder.resolve("config").toString());
            String url = registry.uri().toString();
            publish(author, url, "acme/mood", "1.0.0");
            publish(author, url, "acme/mood", "1.1.0");
            publish(author, url, "acme/topic", "1.0.0");
            publish(author, url, "acme/extra", "1.0.0");
            RegistryClient client = new RegistryClient(registry.uri());

            Path lockFile = folder.resolve("bricks.lock.json");
            try (HostServer first = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, client)) {
                RegistryInstaller installer = new RegistryInstaller(first.host(), client);
                installer.install("acme/mood@=1.0.0");
                installer.install("acme/topic@^1");
                CliRun lock = CliRun.in(CliRun.environment(folder, Map.of()), "host", "lock", "--host",
                        first.uri().toString(), "--out", lockFile.toString());
                assertEquals(0, lock.exitCode(), lock.toString());
            }
            BrickLock lock = BrickLock.read(lockFile);
            assertEquals(List.of("acme/mood@1.0.0", "acme/topic@1.0.0"), lock.bricks().stream()
                    .map(entry -> entry.id() + "@" + entry.version()).toList());

            try (BrickHost second = BrickHost.open(HostOptions.defaults())) {
                RegistryInstaller installer = new RegistryInstaller(second, client);
                installer.install("acme/mood@^1");       // 1.1.0: the lock pins 1.0.0
                installer.install("acme/extra@^1");      // not in the lock
                List<String> lines = lock.apply(second, installer);
                assertEquals(List.of("acme/mood@1.0.0", "acme/topic@1.0.0"), versions(second), lines.toString());
                assertTrue(lines.get(0).startsWith("swapped") && lines.get(1).startsWith("installed")
                        && lines.get(2).startsWith("removed acme/extra"), lines.toString());
                List<String> again = lock.apply(second, installer);
                assertTrue(again.stream().allMatch(line -> line.startsWith("kept")), again.toString());

                String tampered = Files.readString(lockFile).replaceFirst("sha256:[0-9a-f]{8}", "sha256:00000000");
                Path other = Files.writeString(folder.resolve("other.lock.json"), tampered);
                second.uninstall(BrickId.parse("acme/mood"));
                DigestMismatchException refused = assertThrows(DigestMismatchException.class,
                        () -> BrickLock.read(other).apply(second, installer));
                assertTrue(refused.getMessage().contains("pins"), refused.getMessage());
                assertTrue(second.bricks().stream().noneMatch(brick -> brick.id().toString().equals("acme/mood")),
                        "nothing of a refused brick is installed");
            }

            Files.writeString(folder.resolve("bad.lock.json"), "{\"format\": 1, \"bricks\": [{\"id\": \"acme/x\","
                    + " \"version\": \"^1\", \"digest\": \"sha256:00\"}]}");
            assertThrows(MalformedBrickException.class, () -> BrickLock.read(folder.resolve("bad.lock.json")));
            CliRun bad = CliRun.of("host", "serve", "--registry", url, "--bricks",
                    folder.resolve("bad.lock.json").toString(), "--port", "0");
            assertEquals(ExitCode.USAGE.code(), bad.exitCode(), bad.toString());
            assertTrue(bad.err().contains("bricks[0]"), bad.toString());
            CliRun noRegistry = CliRun.of("host", "serve", "--bricks", lockFile.toString(), "--port", "0");
            assertEquals(ExitCode.USAGE.code(), noRegistry.exitCode(), noRegistry.toString());
        }
    }

    private static List<String> versions(BrickHost host) {
        return host.bricks().stream().map(InstalledBrick::toString).sorted().toList();
    }

    private void publish(Map<String, String> author, String url, String id, String version) throws Exception {
        Path jar = BrickJar.head(id, version, "a", "b").writeTo(Files.createDirectories(folder.resolve(id + version)));
        CliRun run = CliRun.in(CliRun.environment(folder, author), "publish", jar.toString(), "--registry", url);
        assertEquals(0, run.exitCode(), run.toString());
    }
}
