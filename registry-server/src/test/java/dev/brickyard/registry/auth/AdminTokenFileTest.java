package dev.brickyard.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.registry.store.Database;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.registry.store.TokenRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --admin-token-file}: the first admin token, once, in a file only its owner reads. */
class AdminTokenFileTest {
    @TempDir
    Path folder;

    @Test
    void theFirstStartWritesAnOwnerOnlySecretAndLaterStartsLeaveItAlone() throws Exception {
        try (JdbcBrickStore store = new JdbcBrickStore(Database.open(Database.h2Url(folder), null, null))) {
            Tokens tokens = new Tokens(store);
            Path file = folder.resolve("secrets/admin-token");

            Optional<TokenRecord> made = AdminTokenFile.bootstrap(tokens, file);
            assertTrue(made.isPresent());
            String secret = Files.readString(file).strip();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            TokenRecord admin = tokens.authorizeAdmin("Bearer " + secret);
            assertEquals(made.get().id(), admin.id());

            assertEquals(Optional.empty(), AdminTokenFile.bootstrap(tokens, file), "an admin token exists");
            assertEquals(secret, Files.readString(file).strip(), "the file is left as it is");

            tokens.revoke(admin.id());
            assertTrue(AdminTokenFile.bootstrap(tokens, file).isPresent(), "no valid admin token is left");
            assertFalse(secret.equals(Files.readString(file).strip()));
        }
    }

    @Test
    void aFileThatCannotBeWrittenLeavesNoValidAdminToken() throws Exception {
        try (JdbcBrickStore store = new JdbcBrickStore(Database.open(Database.h2Url(folder), null, null))) {
            Tokens tokens = new Tokens(store);
            Path blocker = Files.writeString(folder.resolve("not-a-folder"), "x");
            assertThrows(IOException.class, () -> AdminTokenFile.bootstrap(tokens, blocker.resolve("admin-token")));
            assertFalse(tokens.hasActiveAdmin(), "the token made was revoked again");
        }
    }
}
