package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brick registry token}: create prints the secret once, list never shows it, revoke ends it. */
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
        assertEquals(ExitCode.NOT_FOUND.code(), again.exitCode(), again.toString());
    }

    @Test
    void badNamespaceOrScopeIsAUsageError() {
        assertEquals(ExitCode.USAGE.code(), CliRun.of("registry", "token", "create", "--data", data.toString(),
                "--namespace", "Not Valid").exitCode());
        CliRun scope = CliRun.of("registry", "token", "create", "--data", data.toString(), "--namespace", "acme",
                "--scope", "admin");
        assertEquals(ExitCode.USAGE.code(), scope.exitCode(), scope.toString());
        assertTrue(scope.err().contains("unknown scope 'admin'"), scope.err());
    }
}
