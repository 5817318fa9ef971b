package dev.brickyard.cli;

import static dev.brickyard.cli.FollowRegistryTest.await;
import static dev.brickyard.cli.FollowRegistryTest.versions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.registry.RegistryFollower;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dist-tags end to end with a real registry on a random port: {@code brick tag set|rm|ls} with a namespace token,
 * {@code brick pull ns/name@stable}, {@code brick info} showing the tags, the exit codes of what goes wrong, and a
 * real host that installs {@code @stable} and, following {@code acme/urgency@stable}, moves when the tag moves.
 */
class DistTagsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path folder;
    RegistryServer registry;
    Map<String, String> author;
    String url;

    @BeforeEach
    void start() throws Exception {
        registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0));
        String token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t").secret();
        author = Map.of("BRICKYARD_TOKEN", token, "BRICKYARD_CONFIG_DIR", folder.resolve("config").toString());
        url = registry.uri().toString();
        publish("acme/urgency", "1.0.0");
        publish("acme/urgency", "1.1.0");
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void anOwnerTagsAVersionAndUsersPullAndSeeIt() throws Exception {
        CliRun set = brick(author, "tag", "set", "acme/urgency@1.0.0", "stable");
        assertEquals(0, set.exitCode(), set.toString());
        assertTrue(set.out().contains("acme/urgency@stable is acme/urgency@1.0.0"), set.out());

        CliRun list = brick(Map.of(), "tag", "ls", "acme/urgency");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.out().matches("(?s).*latest\\s+1\\.1\\.0.*stable\\s+1\\.0\\.0.*"), list.out());
        JsonNode json = JSON.readTree(brick(Map.of(), "tag", "ls", "acme/urgency", "--json").out());
        assertEquals("1.0.0", json.get("tags").get("stable").asText());

        Path out = folder.resolve("pulled");
        CliRun pulled = brick(Map.of(), "pull", "acme/urgency@stable", "-o", out.toString());
        assertEquals(0, pulled.exitCode(), pulled.toString());
        assertTrue(Files.isRegularFile(out.resolve("acme.urgency-1.0.0.jar")), pulled.out());
        CliRun latest = brick(Map.of(), "pull", "acme/urgency@latest", "-o", out.toString());
        assertEquals(0, latest.exitCode(), latest.toString());
        assertTrue(Files.isRegularFile(out.resolve("acme.urgency-1.1.0.jar")), latest.out());

        CliRun info = brick(Map.of(), "info", "acme/urgency");
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("latest 1.1.0, stable 1.0.0"), info.out());
        assertTrue(info.out().lines().anyMatch(line -> line.startsWith("1.0.0") && line.endsWith("stable")),
                info.out());

        CliRun removed = brick(author, "tag", "rm", "acme/urgency", "stable");
        assertEquals(0, removed.exitCode(), removed.toString());
        CliRun gone = brick(Map.of(), "pull", "acme/urgency@stable", "-o", out.toString());
        assertEquals(ExitCode.NOT_FOUND.code(), gone.exitCode(), gone.toString());
        assertTrue(gone.err().contains("has no tag 'stable'"), gone.err());
    }

    @Test
    void mistakesHaveTheirExitCodes() throws Exception {
        assertEquals(ExitCode.USAGE.code(), brick(author, "tag", "set", "acme/urgency@1.0.0", "latest").exitCode());
        assertEquals(ExitCode.USAGE.code(), brick(author, "tag", "set", "acme/urgency@1.0.0", "V1").exitCode());
        assertEquals(ExitCode.USAGE.code(), brick(author, "tag", "set", "acme/urgency@^1", "stable").exitCode(),
                "a tag points at one exact version");
        assertEquals(ExitCode.NOT_FOUND.code(), brick(author, "tag", "set", "acme/urgency@9.0.0", "stable")
                .exitCode());
        assertEquals(ExitCode.NOT_FOUND.code(), brick(author, "tag", "rm", "acme/urgency", "never").exitCode());
        assertEquals(ExitCode.AUTH.code(), brick(Map.of("BRICKYARD_CONFIG_DIR", folder.resolve("none").toString()),
                "tag", "set", "acme/urgency@1.0.0", "stable").exitCode());
        assertEquals(0, brick(author, "yank", "acme/urgency@1.1.0", "--reason", "bad").exitCode());
        CliRun yanked = brick(author, "tag", "set", "acme/urgency@1.1.0", "stable");
        assertEquals(ExitCode.CONFLICT.code(), yanked.exitCode(), yanked.toString());
        assertTrue(yanked.err().contains("yanked"), yanked.err());
    }

    @Test
    void aHostInstallsATagAndAFollowingHostMovesWhenTheTagMoves() throws Exception {
        assertEquals(0, brick(author, "tag", "set", "acme/urgency@1.0.0", "stable").exitCode());
        List<String> log = new CopyOnWriteArrayList<>();
        try (BrickHost host = BrickHost.open(HostOptions.defaults())) {
            InstalledBrick installed = new RegistryInstaller(host, new RegistryClient(registry.uri()))
                    .install("acme/urgency@stable");
            assertEquals("acme/urgency@1.0.0", installed.toString());
        }
        try (BrickHost host = BrickHost.open(HostOptions.defaults());
             RegistryFollower follower = RegistryFollower.start(host, new RegistryClient(registry.uri()),
                     List.of(RegistryFollower.Pattern.parse("acme/urgency@stable")), log::add)) {
            await(() -> versions(host), List.of("acme/urgency@1.0.0"), log);

            publish("acme/urgency", "1.2.0");
            assertEquals(0, brick(author, "tag", "set", "acme/urgency@1.2.0", "stable").exitCode());
            await(() -> versions(host), List.of("acme/urgency@1.2.0"), log);
            // The host changes while the event is handled; the line is logged just after.
            await(() -> log.stream().anyMatch(line -> line.contains("following acme/urgency@stable: swapped "
                    + "acme/urgency@1.0.0 -> acme/urgency@1.2.0")), true, log);

            assertEquals(0, brick(author, "tag", "rm", "acme/urgency", "stable").exitCode());
            long removal = registry.registry().store().lastEventId();
            await(() -> follower.lastEventId() >= removal, true, log);
            assertEquals(List.of("acme/urgency@1.2.0"), versions(host), "a removed tag leaves the host as it is");
        }
    }

    private void publish(String id, String version) throws Exception {
        Path jar = BrickJar.head(id, version, "low", "high")
                .writeTo(Files.createDirectories(folder.resolve(id + version)));
        CliRun run = brick(author, "publish", jar.toString());
        assertEquals(0, run.exitCode(), run.toString());
    }

    private CliRun brick(Map<String, String> variables, String... args) {
        String[] withRegistry = java.util.Arrays.copyOf(args, args.length + 2);
        withRegistry[args.length] = "--registry";
        withRegistry[args.length + 1] = url;
        return CliRun.in(CliRun.environment(folder, variables), withRegistry);
    }
}
