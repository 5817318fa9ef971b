package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.registry.RegistryFollower;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --follow 'acme/*@^1'}: a host follows the registry's event stream and moves each matching brick to its best
 * non-yanked version in the range by itself, including bricks published before it started.
 */
class FollowRegistryTest {
    @TempDir
    Path folder;

    @Test
    void aFollowingHostInstallsSwapsAndStepsBackOnYank() throws Exception {
        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0))) {
            String token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t")
                    .secret();
            Map<String, String> author = Map.of("BRICKYARD_TOKEN", token, "BRICKYARD_CONFIG_DIR",
                    folder.resolve("config").toString());
            String url = registry.uri().toString();
            publish(author, url, "acme/early", "1.0.0");
            String otherToken = registry.registry().tokens().create("other", TokenRecord.Scope.NAMESPACE_SCOPES,
                    "t").secret();
            publish(Map.of("BRICKYARD_TOKEN", otherToken, "BRICKYARD_CONFIG_DIR", folder.resolve("config").toString()),
                    url, "other/ignored", "1.0.0");

            List<String> log = new CopyOnWriteArrayList<>();
            try (BrickHost host = BrickHost.open(HostOptions.defaults());
                 RegistryFollower follower = RegistryFollower.start(host, new RegistryClient(registry.uri()),
                         List.of(RegistryFollower.Pattern.parse("acme/*@^1")), log::add)) {
                await(() -> versions(host), List.of("acme/early@1.0.0"), log);

                publish(author, url, "acme/live", "1.0.0");
                await(() -> versions(host), List.of("acme/early@1.0.0", "acme/live@1.0.0"), log);
                publish(author, url, "acme/live", "1.1.0");
                await(() -> versions(host), List.of("acme/early@1.0.0", "acme/live@1.1.0"), log);

                CliRun yank = CliRun.in(CliRun.environment(folder, author), "yank", "acme/live@1.1.0", "--reason",
                        "bad", "--registry", url);
                assertEquals(0, yank.exitCode(), yank.toString());
                await(() -> versions(host), List.of("acme/early@1.0.0", "acme/live@1.0.0"), log);

                publish(author, url, "acme/live", "2.0.0");
                publish(author, url, "acme/early", "1.0.1");
                await(() -> versions(host), List.of("acme/early@1.0.1", "acme/live@1.0.0"), log);
                assertTrue(log.stream().anyMatch(line -> line.contains("swapped acme/live@1.1.0 -> acme/live@1.0.0")),
                        log.toString());
                // The host changes while the event is handled; the event counts as handled just after.
                await(() -> follower.lastEventId() >= 7, true, log);
                assertTrue(follower.lastEventId() >= 7, "events handled: " + follower.lastEventId());
            }
        }
    }

    private void publish(Map<String, String> author, String url, String id, String version) throws Exception {
        Path jar = BrickJar.head(id, version, "a", "b").writeTo(Files.createDirectories(folder.resolve(id + version)));
        CliRun run = CliRun.in(CliRun.environment(folder, author), "publish", jar.toString(), "--registry", url);
        assertEquals(0, run.exitCode(), run.toString());
    }

    /** The host's bricks as {@code id@version}, sorted. */
    static List<String> versions(BrickHost host) {
        return host.bricks().stream().map(InstalledBrick::toString).sorted().toList();
    }

    /** Waits up to a minute for {@code actual} to give {@code expected}; the failure shows the follower's log. */
    static <T> void await(Supplier<T> actual, T expected, List<String> log) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!expected.equals(actual.get())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + expected + " but the host has " + actual.get() + "; log "
                        + log);
            }
            Thread.sleep(20);
        }
    }
}
