package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read commands against a registry started with {@code --private}: they send the token {@code brick login} stored. */
class PrivateRegistryCliTest {
    @TempDir
    Path home;

    @Test
    void readCommandsSendTheStoredTokenAndWithoutOneAreToldTheRegistryIsPrivate() throws Exception {
        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(home.resolve("registry"), 0)
                .withPrivateReads(true))) {
            String url = registry.uri().toString();
            String token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t")
                    .secret();
            Map<String, String> variables = Map.of("BRICKYARD_CONFIG_DIR", home.resolve("config").toString());

            CliRun anonymous = CliRun.in(CliRun.environment(home, variables), "search", "mood", "--registry", url);
            assertEquals(ExitCode.AUTH.code(), anonymous.exitCode(), anonymous.toString());
            assertTrue(anonymous.err().contains("private"), anonymous.toString());

            CliRun login = CliRun.in(new CliEnvironment(variables, home, false,
                    new ByteArrayInputStream((token + "\n").getBytes(StandardCharsets.UTF_8))), "login", "--registry",
                    url);
            assertEquals(0, login.exitCode(), login.toString());
            CliRun search = CliRun.in(CliRun.environment(home, variables), "search", "mood", "--registry", url);
            assertEquals(0, search.exitCode(), search.toString());
            CliRun info = CliRun.in(CliRun.environment(home, variables), "info", "acme/none", "--registry", url);
            assertEquals(ExitCode.NOT_FOUND.code(), info.exitCode(), "the registry answered, with 404: " + info);
        }
    }
}
