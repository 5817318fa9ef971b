package dev.brickyard.registry.auth;

import dev.brickyard.registry.store.TokenRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The first admin token of a running registry ({@code brick registry serve --admin-token-file FILE}): when the
 * database has no valid admin token, the registry makes one at start and writes its secret to the file, readable by
 * the registry's user alone (0600), written to a temporary file, synced and moved into place. When an admin token
 * exists nothing is made and the file is left as it is, so a restart never mints another secret.
 */
public final class AdminTokenFile {
    private AdminTokenFile() {
    }

    /**
     * Makes the first admin token and writes its secret to {@code file}, unless a valid admin token exists.
     *
     * @return the token made, or empty when there was one already
     * @throws IOException when the file cannot be written; the token made is revoked again, so no secret exists
     *                     that nobody holds
     */
    public static Optional<TokenRecord> bootstrap(Tokens tokens, Path file) throws IOException {
        if (tokens.hasActiveAdmin()) {
            return Optional.empty();
        }
        Tokens.Created created = tokens.createAdmin("bootstrap (--admin-token-file)");
        try {
            write(file, created.secret());
        } catch (IOException | RuntimeException e) {
            tokens.revoke(created.token().id());
            throw e;
        }
        return Optional.of(created.token());
    }

    private static void write(Path file, String secret) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = folder.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------")));
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(StandardCharsets.UTF_8.encode(secret + "\n"));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
