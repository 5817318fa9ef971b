package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brick registry token}: create prints the secret once, list never shows it, revoke ends it; on the database
 * of a stopped registry, and through a running one with an admin token.
 */
class RegistryTokenCliTest {
    @TempDir
    Path data;

    @Test
    void createListAndRevokeATokenInTheRegistryDatabase() {
        CliRun created = CliRun.of("registry", "token", "create", "--data", data.toString(), "--namespace", "acme",
                "--scope", "publish", "--description", "ci");
        assertEquals(0, created.exitCode(), created.toString());
        String secret = created.out().strip();
        assertTrue(secret.matches("bky_[0-9a-f]{12}_[A-Za-z0-9_-]{43}"), secret);
        String id = secret.substring(4, 16);
        assertTrue(created.err().contains("token " + id + " for namespace acme"), created.err());

        CliRun listed = CliRun.of("registry", "token", "list", "--data", data.toString());
        assertEquals(0, listed.exitCode(), listed.toString());
        assertTrue(listed.out().contains(id) && listed.out().contains("publish") && listed.out().contains("active"),
                listed.out());
        assertTrue(!listed.out().contains(secret.substring(17)), "list must never print a secret");

        assertEquals(0, CliRun.of("registry", "token", "revoke", "--data", data.toString(), id).exitCode());
        assertTrue(CliRun.of("registry", "token", "list", "--data", data.toString()).out().contains("revoked"));
        CliRun again = CliRun.of("registry", "token", "revoke", "--data", data.toString(), id);
        assertEquals(ExitCode.CONFLICT.code(), again.exitCode(), again.toString());
        assertTrue(again.err().contains("already revoked"), again.err());
        assertEquals(ExitCode.NOT_FOUND.code(), CliRun.of("registry", "token", "revoke", "--data", data.toString(),
                "ffffffffffff").exitCode());
    }

    @Test
    void theFirstAdminTokenIsMadeOnTheDatabaseAndManagesTokensWhileTheRegistryServes() throws Exception {
        CliRun made = CliRun.of("registry", "token", "create", "--data", data.toString(), "--admin");
        assertEquals(0, made.exitCode(), made.toString());
        String admin = made.out().strip();
        assertTrue(made.err().contains("admin token " + admin.substring(4, 16)), made.err());

        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(data, 0))) {
            String url = registry.uri().toString();
            CliEnvironment withAdmin = CliRun.environment(data, Map.of("BRICKYARD_ADMIN_TOKEN", admin,
                    "BRICKYARD_CONFIG_DIR", data.resolve("config").toString()));
            CliRun created = CliRun.in(withAdmin, "registry", "token", "create", "--registry", url,
                    "--namespace", "acme", "--scope", "yank");
            assertEquals(0, created.exitCode(), created.toString());
            String secret = created.out().strip();
            String id = secret.substring(4, 16);
            assertEquals("acme", registry.registry().tokens().identify("Bearer " + secret, "-").namespace());

            CliRun listed = CliRun.in(withAdmin, "registry", "token", "list", "--registry", url);
            assertEquals(0, listed.exitCode(), listed.toString());
            assertTrue(listed.out().contains(id) && listed.out().contains("admin"), listed.out());

            CliRun revoked = CliRun.in(withAdmin, "registry", "token", "revoke", "--registry", url, id);
            assertEquals(0, revoked.exitCode(), revoked.toString());
            assertTrue(registry.registry().store().token(id).orElseThrow().revoked());
            CliRun again = CliRun.in(withAdmin, "registry", "token", "revoke", "--registry", url, id);
            assertEquals(ExitCode.CONFLICT.code(), again.exitCode(), again.toString());

            CliEnvironment none = CliRun.environment(data, Map.of("BRICKYARD_CONFIG_DIR",
                    data.resolve("config").toString()));
            CliRun anonymous = CliRun.in(none, "registry", "token", "list", "--registry", url);
            assertEquals(ExitCode.AUTH.code(), anonymous.exitCode(), anonymous.toString());
            assertTrue(anonymous.err().contains("no admin token for"), anonymous.err());
            String publisher = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "p")
                    .secret();
            CliRun notAdmin = CliRun.in(none, "registry", "token", "list", "--registry", url, "--token", publisher);
            assertEquals(ExitCode.AUTH.code(), notAdmin.exitCode(), notAdmin.toString());
            assertTrue(notAdmin.err().contains("'admin' scope"), notAdmin.err());

            CliRun both = CliRun.in(withAdmin, "registry", "token", "list", "--registry", url, "--data",
                    data.toString());
            assertEquals(ExitCode.USAGE.code(), both.exitCode(), both.toString());
        }
    }

    @Test
    void badNamespaceOrScopeIsAUsageError() {
        assertEquals(ExitCode.USAGE.code(), CliRun.of("registry", "token", "create", "--data", data.toString(),
                "--namespace", "Not Valid").exitCode());
        CliRun scope = CliRun.of("registry", "token", "create", "--data", data.toString(), "--namespace", "acme",
                "--scope", "owner");
        assertEquals(ExitCode.USAGE.code(), scope.exitCode(), scope.toString());
        assertTrue(scope.err().contains("unknown scope 'owner'"), scope.err());
        CliRun adminScope = CliRun.of("registry", "token", "create", "--data", data.toString(), "--namespace",
                "acme", "--scope", "admin");
        assertEquals(ExitCode.USAGE.code(), adminScope.exitCode(), adminScope.toString());
        assertTrue(adminScope.err().contains("belong to no namespace"), adminScope.err());
        assertEquals(ExitCode.USAGE.code(), CliRun.of("registry", "token", "create", "--data", data.toString())
                .exitCode(), "neither --namespace nor --admin");
    }
}
