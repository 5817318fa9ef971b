package dev.brickyard.host;

import dev.brickyard.api.BrickException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host's storage folder: where uploaded archives are staged while they are verified, and where the archive of
 * every installed brick (and of its earlier versions) is kept by SHA-256.
 *
 * <pre>
 * storage/
 *   felix/                    OSGi bundle cache, emptied when the host opens
 *   archives/&lt;sha256&gt;.jar     the archive of every installed brick and of up to {@value BrickHost#HISTORY}
 *                             earlier versions of each, kept to roll a swap back
 *   staging/                  archives being copied in and verified; what is verified is what gets installed
 * </pre>
 * The host opens empty: {@code archives/} and {@code staging/} are emptied when it opens. A folder the host made for
 * itself (no storage option given) is deleted when it closes.
 */
final class HostStorage implements AutoCloseable {
    /** What a bundle that arrives as a stream is called in messages. */
    private static final String UPLOADED = "uploaded-bundle.jar";

    private final Path root;
    private final boolean temporary;

    private HostStorage(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    /**
     * Opens the storage folder, emptying what an earlier run left.
     *
     * @param folder the folder to use, or null for a temporary one
     */
    static HostStorage open(Path folder) throws BrickException {
        try {
            Path root = folder != null ? Files.createDirectories(folder) : Files.createTempDirectory("brickyard-host-");
            // The host opens empty, so archives and staged files of an earlier run are stale.
            for (String child : List.of("archives", "staging")) {
                if (Files.exists(root.resolve(child))) {
                    deleteTree(root.resolve(child));
                }
                Files.createDirectories(root.resolve(child));
            }
            return new HostStorage(root, folder == null);
        } catch (IOException e) {
            throw new BrickException("cannot create the host's storage folder: " + e.getMessage(), e);
        }
    }

    /** The OSGi framework's bundle cache. */
    Path felixFolder() {
        return root.resolve("felix");
    }

    Path stagingFolder() {
        return root.resolve("staging");
    }

    /** Where the archive with these bytes is kept, as {@code sha256:<hex>}. */
    Path archive(String sha256) {
        return root.resolve("archives").resolve(sha256.substring("sha256:".length()) + ".jar");
    }

    /** Moves a verified staged archive to where it is kept while its brick is installed. */
    Path keep(Path staged, String sha256) throws IOException {
        Path kept = archive(sha256);
        Files.move(staged, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return kept;
    }

    /** Deletes the archive with these bytes, if it is kept. */
    void deleteArchive(String sha256) throws IOException {
        Files.deleteIfExists(archive(sha256));
    }

    /** What is done with an archive once it is staged. */
    interface StagedUse<T> {
        T apply(Path archive) throws BrickException, IOException;
    }

    /** Writes the stream to a staging file, applies the use to it and deletes it, whatever happens. */
    <T> T staged(InputStream archive, StagedUse<T> use) throws BrickException, IOException {
        return staged(archive, UPLOADED, use);
    }

    /**
     * Writes the stream to a staging file named {@code name} (in a folder of its own, so error messages name the
     * file the caller knows rather than a temporary name), applies the use to it and deletes it, whatever happens.
     */
    <T> T staged(InputStream archive, String name, StagedUse<T> use) throws BrickException, IOException {
        Path folder = Files.createTempDirectory(stagingFolder(), "upload-");
        Path staged = folder.resolve(name);
        try {
            Files.copy(archive, staged, StandardCopyOption.REPLACE_EXISTING);
            return use.apply(staged);
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(folder);
        }
    }

    /** Deletes the folder if the host made it for itself; a configured folder stays for the next run. */
    @Override
    public void close() {
        if (temporary) {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
