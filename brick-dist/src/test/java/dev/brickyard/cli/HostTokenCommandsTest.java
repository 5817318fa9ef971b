package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.cli.config.HostCredentials;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.access.HostTokens;
import dev.brickyard.host.http.HostAccess;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.http.server.ServerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's token work on a running host, through the command line: {@code brick host token} changes the host's
 * token file while it serves, and the {@code brick host} commands send the token from the option, the environment or
 * the credentials {@code brick host serve} stored.
 */
class HostTokenCommandsTest {
    private static final Pattern SECRET = Pattern.compile("bkh_([0-9a-f]{12})_\\S+");

    @TempDir
    Path home;

    @Test
    void tokensMadeListedAndRevokedOnTheCommandLineWorkOnTheRunningHostAtOnce() throws Exception {
        Path storage = home.resolve("storage");
        CliRun created = CliRun.of("host", "token", "create", "--storage", storage.toString(), "--scope", "infer",
                "--description", "dashboards");
        assertEquals(0, created.exitCode(), created.toString());
        Matcher secret = SECRET.matcher(created.out().strip());
        assertTrue(secret.matches(), created.toString());
        assertTrue(Files.exists(storage.resolve(HostTokens.FILE_NAME)));

        try (HostServer server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null,
                ServerLimits.DEFAULT, new HostAccess(HostTokens.open(storage.resolve(HostTokens.FILE_NAME)),
                        Set.of(), null))) {
            String host = server.uri().toString();
            CliRun none = CliRun.in(CliRun.environment(home, Map.of()), "host", "list", "--host", host);
            assertEquals(ExitCode.AUTH.code(), none.exitCode(), none.toString());
            assertTrue(none.err().contains("BRICKYARD_HOST_TOKEN"), none.toString());

            CliRun withVariable = CliRun.in(CliRun.environment(home,
                    Map.of("BRICKYARD_HOST_TOKEN", secret.group())), "host", "list", "--host", host);
            assertEquals(0, withVariable.exitCode(), withVariable.toString());

            Path file = Files.writeString(home.resolve("token"), secret.group() + "\n");
            CliRun withFile = CliRun.in(CliRun.environment(home, Map.of()), "host", "list", "--host", host,
                    "--token-file", file.toString());
            assertEquals(0, withFile.exitCode(), withFile.toString());

            CliRun install = CliRun.in(CliRun.environment(home, Map.of("BRICKYARD_HOST_TOKEN", secret.group())),
                    "host", "remove", "acme/none", "--host", host);
            assertEquals(ExitCode.AUTH.code(), install.exitCode(), "an infer token changes nothing: " + install);

            CliRun listed = CliRun.of("host", "token", "list", "--storage", storage.toString());
            assertTrue(listed.out().contains(secret.group(1)) && listed.out().contains("dashboards")
                    && listed.out().contains("active"), listed.toString());
            assertTrue(!listed.out().contains(secret.group()), "never the secret");

            CliRun revoked = CliRun.of("host", "token", "revoke", "--storage", storage.toString(), secret.group(1));
            assertEquals(0, revoked.exitCode(), revoked.toString());
            CliRun after = CliRun.in(CliRun.environment(home, Map.of("BRICKYARD_HOST_TOKEN", secret.group())),
                    "host", "list", "--host", host);
            assertEquals(ExitCode.AUTH.code(), after.exitCode(), after.toString());

            String admin = HostTokens.open(storage.resolve(HostTokens.FILE_NAME))
                    .create(Set.of(HostScope.ADMIN), "").secret();
            Path config = home.resolve(".config").resolve("brickyard");
            HostCredentials.load(config).store(server.uri(), admin);
            String localhost = "http://localhost:" + server.uri().getPort();
            CliRun stored = CliRun.in(CliRun.environment(home, Map.of()), "host", "list", "--host", localhost);
            assertEquals(0, stored.exitCode(), "the stored token serves both spellings of loopback: " + stored);
        }
    }

    @Test
    void badTokenCommandsAndServeOptionsAreRefusedWithTheReason() {
        CliRun nowhere = CliRun.of("host", "token", "create");
        assertEquals(ExitCode.USAGE.code(), nowhere.exitCode(), nowhere.toString());
        CliRun both = CliRun.of("host", "token", "list", "--storage", home.toString(), "--tokens", "x.json");
        assertEquals(ExitCode.USAGE.code(), both.exitCode(), both.toString());
        CliRun scope = CliRun.of("host", "token", "create", "--storage", home.toString(), "--scope", "root");
        assertEquals(ExitCode.USAGE.code(), scope.exitCode(), scope.toString());
        assertTrue(scope.err().contains("infer, admin"), scope.toString());
        CliRun unknown = CliRun.of("host", "token", "revoke", "--storage", home.toString(), "0123456789ab");
        assertEquals(ExitCode.NOT_FOUND.code(), unknown.exitCode(), unknown.toString());
        CliRun open = CliRun.of("host", "serve", "--no-auth", "--address", "0.0.0.0", "--port", "0");
        assertEquals(ExitCode.USAGE.code(), open.exitCode(), open.toString());
        assertTrue(open.err().contains("loopback"), open.toString());
        CliRun name = CliRun.of("host", "serve", "--allowed-host", "evil example", "--port", "0");
        assertEquals(ExitCode.USAGE.code(), name.exitCode(), name.toString());
        CliRun keystore = CliRun.of("host", "serve", "--tls-keystore", home.resolve("none.p12").toString(),
                "--port", "0");
        assertEquals(ExitCode.USAGE.code(), keystore.exitCode(), keystore.toString());
        assertTrue(keystore.err().contains("none.p12"), keystore.toString());
    }
}
