package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.VersionRange;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.http.HostServer;
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

/** Installing a composite brick by reference pulls its components from the registry first, in their ranges. */
class CompositeFromRegistryTest {
    @TempDir
    Path folder;

    @Test
    void installingACompositeInstallsItsComponentsFromTheRegistry() throws Exception {
        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0))) {
            String token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t")
                    .secret();
            Map<String, String> author = Map.of("BRICKYARD_TOKEN", token, "BRICKYARD_CONFIG_DIR",
                    folder.resolve("config").toString());
            String url = registry.uri().toString();
            publish(author, url, BrickJar.head("acme/voice-a", "1.0.0", "calm", "angry"));
            publish(author, url, BrickJar.head("acme/voice-a", "2.0.0", "calm", "angry"));
            publish(author, url, BrickJar.head("acme/voice-b", "1.4.0", "angry", "calm"));
            publish(author, url, BrickJar.composite("acme/voice", "1.0.0", List.of("angry", "calm"),
                    new CompositeRecipe(CompositeRecipe.AVERAGE, List.of(
                            new CompositeRecipe.Component(BrickId.parse("acme/voice-a"), VersionRange.parse("^1"), 1),
                            new CompositeRecipe.Component(BrickId.parse("acme/voice-b"), VersionRange.parse("^1"),
                                    1)))));

            try (HostServer host = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0,
                    new RegistryClient(registry.uri()))) {
                CliRun install = CliRun.in(CliRun.environment(folder, Map.of("BRICKYARD_HOST", host.uri().toString())),
                        "host", "install", "acme/voice@^1");
                assertEquals(0, install.exitCode(), install.toString());
                assertEquals(List.of("acme/voice-a@1.0.0", "acme/voice-b@1.4.0", "acme/voice@1.0.0"),
                        host.host().bricks().stream().map(InstalledBrick::toString).toList(),
                        "the components in their ranges (not voice-a 2.0.0), then the composite");
                CliRun infer = CliRun.in(CliRun.environment(folder, Map.of("BRICKYARD_HOST", host.uri().toString())),
                        "host", "infer", "--brick", "acme/voice", "Please stop shouting at me");
                assertEquals(0, infer.exitCode(), infer.toString());
                assertTrue(infer.out().contains("acme/voice@1.0.0"), infer.out());
            }
        }
    }

    private void publish(Map<String, String> author, String url, BrickJar brick) throws Exception {
        Path jar = brick.writeTo(Files.createDirectories(folder.resolve("jars").resolve(brick.manifest().id()
                + brick.manifest().version())));
        CliRun run = CliRun.in(CliRun.environment(folder, author), "publish", jar.toString(), "--registry", url);
        assertEquals(0, run.exitCode(), run.toString());
    }
}
