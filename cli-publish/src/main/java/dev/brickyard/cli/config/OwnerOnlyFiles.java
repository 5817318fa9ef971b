package dev.brickyard.cli.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files of secrets in the user's config folder: written atomically, readable by the user alone (0600 in 0700). */
final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {
    }

    /** Replaces {@code file} with {@code bytes} in one atomic rename; a crash mid-write leaves the old file. */
    static void write(Path file, byte[] bytes) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            if (posix) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(folder);
            }
        }
        Path temporary = folder.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (posix) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        }
        try {
            Files.write(temporary, bytes);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
