package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.cli.cache.BrickCache;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.host.registry.BrickLock;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.lock.LockFile;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared bundle cache and {@code brick.lock} as a user meets them, with a real registry on a random port and the
 * cache in a temporary {@code XDG_CACHE_HOME}: a pull fills the cache (a blob named by its SHA-256 and an index), a
 * second pull copies from it, {@code brick lock} pins references in the host's lock format, a host runs the lock,
 * and with the registry gone {@code --offline} still pulls, locks, installs on a host and shows what the cache has.
 */
class LocalCacheCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path folder;

    @Test
    void pullFillsTheCacheLockPinsAndOfflineWorksWithoutTheRegistry() throws Exception {
        Map<String, String> user = Map.of("XDG_CACHE_HOME", folder.resolve("xdg-cache").toString(),
                "BRICKYARD_CONFIG_DIR", folder.resolve("config").toString());
        Path cacheRoot = folder.resolve("xdg-cache").resolve("brickyard");
        String url;
        String stableDigest;
        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0))) {
            url = registry.uri().toString();
            String token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t")
                    .secret();
            Map<String, String> author = Map.of("BRICKYARD_TOKEN", token, "BRICKYARD_CONFIG_DIR",
                    folder.resolve("config").toString());
            publish(author, url, "acme/urgency", "1.0.0");
            publish(author, url, "acme/urgency", "1.1.0");
            publish(author, url, "acme/topic", "1.0.0");
            assertEquals(0, brick(author, url, "tag", "set", "acme/urgency@1.0.0", "stable").exitCode());

            CliRun first = brick(user, url, "pull", "acme/urgency@stable", "-o", folder.resolve("one").toString(),
                    "--json");
            assertEquals(0, first.exitCode(), first.toString());
            JsonNode pulled = JSON.readTree(first.out());
            assertTrue(pulled.get("downloaded").asBoolean());
            stableDigest = pulled.get("digest").asText();
            Path blob = cacheRoot.resolve("blobs/sha256/" + stableDigest.substring(7, 9) + "/"
                    + stableDigest.substring(7));
            assertTrue(Files.isRegularFile(blob), "the bundle is cached under its SHA-256");
            assertEquals(stableDigest, BrickCache.sha256(blob));
            assertEquals(stableDigest, BrickCache.sha256(folder.resolve("one/acme.urgency-1.0.0.jar")));
            assertTrue(Files.isRegularFile(cacheRoot.resolve("index/127.0.0.1_" + registry.uri().getPort()
                    + "/acme/urgency.json")), "the index remembers what the registry said");
            try (Stream<Path> staging = Files.list(cacheRoot.resolve("staging"))) {
                assertEquals(List.of(), staging.toList(), "nothing is left in staging");
            }

            CliRun second = brick(user, url, "pull", "acme/urgency@stable", "-o", folder.resolve("two").toString());
            assertEquals(0, second.exitCode(), second.toString());
            assertTrue(second.out().contains("from the cache"), second.out());

            Path lockFile = folder.resolve("brick.lock");
            CliRun lock = brick(user, url, "lock", "acme/urgency@stable", "acme/topic@^1", "-o", lockFile.toString());
            assertEquals(0, lock.exitCode(), lock.toString());
            LockFile written = LockFile.read(lockFile);
            assertEquals(List.of(new LockFile.Entry("acme/urgency", "1.0.0", stableDigest, "acme/urgency@stable"),
                    written.bricks().get(1)), written.bricks());
            assertEquals("acme/topic@^1", written.bricks().get(1).ref());
            assertEquals(ExitCode.USAGE.code(), brick(user, url, "lock", "acme/urgency@stable", "acme/urgency@^1",
                    "-o", folder.resolve("twice.lock").toString()).exitCode(), "one version of each brick");

            try (BrickHost host = BrickHost.open(HostOptions.defaults())) {
                RegistryInstaller installer = new RegistryInstaller(host, new RegistryClient(registry.uri()));
                installer.install("acme/urgency@^1");
                List<String> lines = BrickLock.read(lockFile).apply(host, installer);
                assertEquals(List.of("acme/topic@1.0.0", "acme/urgency@1.0.0"), host.bricks().stream()
                        .map(InstalledBrick::toString).sorted().toList(), lines.toString());
            }
        }

        // The registry is gone.
        CliRun online = brick(user, url, "pull", "acme/urgency@stable", "-o", folder.resolve("three").toString());
        assertEquals(ExitCode.NETWORK.code(), online.exitCode(), online.toString());
        CliRun offline = brick(user, url, "pull", "acme/urgency@stable", "-o", folder.resolve("three").toString(),
                "--offline");
        assertEquals(0, offline.exitCode(), offline.toString());
        assertEquals(stableDigest, BrickCache.sha256(folder.resolve("three/acme.urgency-1.0.0.jar")));
        CliRun range = brick(user, url, "pull", "acme/urgency@^1", "-o", folder.resolve("four").toString(),
                "--offline");
        assertEquals(0, range.exitCode(), range.toString());
        assertTrue(Files.isRegularFile(folder.resolve("four/acme.urgency-1.0.0.jar")), "only 1.0.0 is cached");
        CliRun missing = brick(user, url, "pull", "acme/urgency@1.1.0", "--offline", "-o",
                folder.resolve("five").toString());
        assertEquals(ExitCode.NOT_FOUND.code(), missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("cached: [1.0.0]"), missing.err());
        CliRun never = brick(user, url, "pull", "acme/never", "--offline");
        assertEquals(ExitCode.NOT_FOUND.code(), never.exitCode(), never.toString());

        CliRun relock = brick(user, url, "lock", "acme/urgency@stable", "--offline", "-o",
                folder.resolve("offline.lock").toString());
        assertEquals(0, relock.exitCode(), relock.toString());
        assertEquals(stableDigest, LockFile.read(folder.resolve("offline.lock")).bricks().get(0).digest());

        try (HostServer host = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null)) {
            CliRun install = brick(user, url, "host", "install", "acme/urgency@stable", "--offline", "--host",
                    host.uri().toString());
            assertEquals(0, install.exitCode(), install.toString());
            assertEquals(List.of("acme/urgency@1.0.0"), host.host().bricks().stream().map(InstalledBrick::toString)
                    .toList(), "the cached bundle was uploaded to a host without a registry");
        }

        CliRun info = brick(user, url, "info", "acme/urgency", "--offline");
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("stable 1.0.0"), info.out());
        assertTrue(info.out().contains("cached"), info.out());
    }

    @Test
    void theCacheTakesInOnlyBytesWithTheirDigestAndLockFilesStayReadable() throws Exception {
        BrickCache cache = new BrickCache(folder.resolve("cache"));
        Path staged = cache.stagingFile();
        Files.writeString(staged, "not the bundle");
        String other = "sha256:" + "0".repeat(64);
        assertThrows(dev.brickyard.http.client.DigestMismatchException.class, () -> cache.store(staged, other));
        assertFalse(Files.exists(staged), "a refused file is deleted");
        assertTrue(cache.blob(other).isEmpty());

        Path good = cache.stagingFile();
        Files.writeString(good, "bundle bytes");
        String digest = BrickCache.sha256(good);
        Path blob = cache.store(good, digest);
        assertEquals(cache.blobPath(digest), blob);
        assertEquals("bundle bytes", Files.readString(blob));

        Path old = Files.writeString(folder.resolve("old.lock.json"), "{\"format\": 1, \"bricks\": [{\"id\": "
                + "\"acme/x\", \"version\": \"1.0.0\", \"digest\": \"" + digest + "\"}]}");
        assertEquals(null, LockFile.read(old).bricks().get(0).ref(), "a lock without refs still reads");
        Path wrongRef = Files.writeString(folder.resolve("wrong.lock"), "{\"format\": 1, \"bricks\": [{\"id\": "
                + "\"acme/x\", \"version\": \"1.0.0\", \"digest\": \"" + digest + "\", \"ref\": \"acme/y@^1\"}]}");
        assertThrows(MalformedBrickException.class, () -> LockFile.read(wrongRef));
    }

    private void publish(Map<String, String> author, String url, String id, String version) throws Exception {
        Path jar = BrickJar.head(id, version, "low", "high")
                .writeTo(Files.createDirectories(folder.resolve(id + version)));
        CliRun run = brick(author, url, "publish", jar.toString());
        assertEquals(0, run.exitCode(), run.toString());
    }

    private CliRun brick(Map<String, String> variables, String url, String... args) {
        String[] withRegistry = java.util.Arrays.copyOf(args, args.length + 2);
        withRegistry[args.length] = "--registry";
        withRegistry[args.length + 1] = url;
        return CliRun.in(CliRun.environment(folder, variables), withRegistry);
    }
}
