package dev.brickyard.host;

import dev.brickyard.api.BrickException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The host's storage folder: where uploaded archives are staged while they are verified, where the archive of every
 * installed brick (and of its earlier versions) is kept by SHA-256, and, in a folder the operator gave, the state
 * file that brings the bricks back after a restart.
 *
 * <pre>
 * storage/
 *   state.json                the installed bricks and their histories ({@link HostState}); only in a folder the
 *                             operator gave, replaced atomically on every change ({@link StateFile})
 *   state.json.new            a state being written; deleted when the host opens
 *   host.lock                 locked (an OS file lock) while a host uses the folder, so that a second host on the
 *                             same folder refuses to start instead of overwriting the first one's state
 *   felix/                    OSGi bundle cache, emptied when the host opens
 *   archives/&lt;sha256&gt;.jar     the archive of every installed brick and of up to {@value BrickHost#HISTORY}
 *                             earlier versions of each: the bundles the state names, and nothing else once a change
 *                             is saved
 *   staging/                  archives being copied in and verified (what is verified is what gets installed);
 *                             emptied when the host opens
 * </pre>
 * In a folder the operator gave, a kept archive is forced to the device before the state that names it is saved.
 * A folder the host made for itself (no storage option given) keeps no state and is deleted when the host closes.
 */
final class HostStorage implements AutoCloseable {
    /** The folder of kept archives. */
    static final String ARCHIVES = "archives";
    /** What a bundle that arrives as a stream is called in messages. */
    private static final String UPLOADED = "uploaded-bundle.jar";
    private static final String JAR = ".jar";
    private static final Logger LOG = Logger.getLogger(HostStorage.class.getName());

    /** The file locked while this host uses the folder. */
    static final String LOCK = "host.lock";

    private final Path root;
    /** The state file; null for a temporary folder, whose state is not kept. */
    private final StateFile stateFile;
    /** The channel holding the folder's lock; closing it releases the lock. */
    private final FileChannel lock;

    private HostStorage(Path root, StateFile stateFile, FileChannel lock) {
        this.root = root;
        this.stateFile = stateFile;
        this.lock = lock;
    }

    /**
     * Opens the storage folder, deleting the staged files an earlier run left. Kept archives stay until the saved
     * state has been restored ({@link #collectGarbage}).
     *
     * @param folder the folder to use, or null for a temporary one
     * @param disk how the state file reaches the device
     */
    static HostStorage open(Path folder, StateFile.Disk disk) throws BrickException {
        Path root;
        FileChannel lock;
        try {
            root = folder != null ? Files.createDirectories(folder) : Files.createTempDirectory("brickyard-host-");
            lock = lock(root);
        } catch (IOException e) {
            throw new BrickException("cannot create the host's storage folder: " + e.getMessage(), e);
        }
        try {
            if (Files.exists(root.resolve("staging"))) {
                deleteTree(root.resolve("staging"));
            }
            Files.createDirectories(root.resolve("staging"));
            Files.createDirectories(root.resolve(ARCHIVES));
            return new HostStorage(root, folder == null ? null : StateFile.open(root, disk), lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            throw new BrickException("cannot create the host's storage folder: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the folder's lock, held until the host closes (or its process ends, however it ends).
     *
     * @throws BrickException when another host, in this process or another, holds it
     */
    private static FileChannel lock(Path root) throws IOException, BrickException {
        Path file = root.resolve(LOCK);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        boolean locked = false;
        try {
            locked = channel.tryLock() != null;
        } catch (OverlappingFileLockException heldHere) {
            locked = false;
        } finally {
            if (!locked) {
                channel.close();
            }
        }
        if (!locked) {
            throw new BrickException("another host is using the storage folder " + root + " (it holds the lock on "
                    + file + "); stop that host first, or give this one another storage folder");
        }
        return channel;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot close the storage folder's lock", e);
        }
    }

    /**
     * The state an earlier run saved here; {@link HostState#EMPTY} when there is none or the folder is temporary.
     *
     * @throws HostStateException when the state file cannot be read or understood
     */
    HostState savedState() throws HostStateException {
        return temporary() ? HostState.EMPTY : stateFile.read();
    }

    /** The state file, for messages about restoring it; null for a temporary folder. */
    Path stateFile() {
        return temporary() ? null : stateFile.path();
    }

    /**
     * Saves the state durably; a temporary folder saves nothing.
     *
     * @throws StateNotSavedException when it cannot be written; the state file is then as it was
     */
    void save(HostState state) throws StateNotSavedException {
        if (temporary()) {
            return;
        }
        try {
            stateFile.write(state);
        } catch (IOException e) {
            throw new StateNotSavedException("the host could not save its state to " + stateFile.path() + " (" + e
                    + "); the change was not made", e);
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
        return root.resolve(ARCHIVES).resolve(sha256.substring("sha256:".length()) + JAR);
    }

    /**
     * Moves a verified staged archive to where it is kept while its brick is installed; in a folder the operator
     * gave, durably (the file and then the move forced to the device), before any state names it.
     *
     * @throws StateNotSavedException when it cannot be kept
     */
    Path keep(Path staged, String sha256) throws StateNotSavedException {
        Path kept = archive(sha256);
        try {
            if (!temporary()) {
                try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            Files.move(staged, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (!temporary()) {
                StateFile.forceFolder(kept.getParent());
            }
            return kept;
        } catch (IOException e) {
            throw new StateNotSavedException("the host could not keep the bundle as " + kept + " (" + e
                    + "); the change was not made", e);
        }
    }

    /**
     * Deletes every kept archive whose digest is not in {@code needed}: after a change is saved (or refused), what
     * the state no longer names. An archive that cannot be deleted now is logged and tried again the next time.
     */
    void collectGarbage(Set<String> needed) {
        List<Path> kept;
        try (Stream<Path> files = Files.list(root.resolve(ARCHIVES))) {
            kept = files.toList();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the kept archives to delete those no longer needed", e);
            return;
        }
        for (Path archive : kept) {
            String name = archive.getFileName().toString();
            if (name.endsWith(JAR) && !needed.contains("sha256:" + name.substring(0, name.length() - JAR.length()))) {
                try {
                    Files.deleteIfExists(archive);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot delete " + archive + ", which no brick needs any more; it is "
                            + "tried again after the next change", e);
                }
            }
        }
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
        closeQuietly(lock);
        if (temporary()) {
            deleteTree(root);
        }
    }

    /** Whether the host made the folder for itself: it keeps no state and is deleted when the host closes. */
    private boolean temporary() {
        return stateFile == null;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
