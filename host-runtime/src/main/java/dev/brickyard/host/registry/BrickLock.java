package dev.brickyard.host.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.http.client.DigestMismatchException;
import dev.brickyard.http.lock.LockFile;
import dev.brickyard.http.registry.ResolvedVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bricks a host should run, pinned: the host's side of a {@link LockFile} (each brick by id, exact version and
 * the SHA-256 of its bundle). A fleet of hosts shares one lock file ({@code brick host serve --bricks
 * bricks.lock.json}); {@code brick host lock} writes one from a running host, and {@code brick lock} one from
 * references ({@code brick.lock}, the same format with the reference of each entry).
 * {@link #apply} makes a host run exactly these: it keeps what already matches, installs or swaps to the pinned
 * version from the registry only when the registry's digest is the pinned one (the download is then checked against
 * it), and removes installed bricks the lock does not name.
 */
public final class BrickLock {
    private final LockFile file;

    private BrickLock(LockFile file) {
        this.file = file;
    }

    /** The lock of what a host runs now. */
    public static BrickLock of(List<LockFile.Entry> bricks) {
        return new BrickLock(LockFile.of(bricks));
    }

    /**
     * Reads and checks a lock file.
     *
     * @throws MalformedBrickException naming the file and the entry when it is not a lock this host reads
     */
    public static BrickLock read(Path file) throws BrickException, IOException {
        return new BrickLock(LockFile.read(file));
    }

    /** The pins, in the file's order. */
    public List<LockFile.Entry> bricks() {
        return file.bricks();
    }

    /** Writes the lock to {@code file}, replacing it in one rename. */
    public void write(Path target) throws IOException {
        file.write(target);
    }

    /** The lock as the file holds it. */
    public String text() throws JsonProcessingException {
        return file.text();
    }

    /**
     * Makes the host run exactly the pinned bricks, one change at a time.
     *
     * @return one line per brick: {@code kept}, {@code installed}, {@code swapped} or {@code removed}
     * @throws DigestMismatchException when the registry's digest of a pinned version is not the pinned one (nothing
     *                                 of that brick is downloaded)
     */
    public List<String> apply(BrickHost host, RegistryInstaller installer) throws BrickException, IOException {
        List<String> lines = new ArrayList<>();
        for (LockFile.Entry entry : file.bricks()) {
            BrickId id = BrickId.parse(entry.id());
            Optional<InstalledBrick> installed = host.bricks().stream().filter(brick -> brick.id().equals(id))
                    .findFirst();
            if (installed.isPresent() && installed.get().version().toString().equals(entry.version())
                    && installed.get().sha256().equals(entry.digest())) {
                lines.add("kept " + installed.get());
                continue;
            }
            ResolvedVersion resolved = installer.registry().resolve(id + "@=" + entry.version(),
                    host.baseModel().reference().name());
            if (!entry.digest().equals(resolved.digest())) {
                throw new DigestMismatchException("the registry at " + installer.registry().base() + " serves "
                        + id + "@" + entry.version() + " with digest " + resolved.digest() + ", not the "
                        + entry.digest() + " the lock file pins; nothing of it was installed");
            }
            InstalledBrick applied = installer.apply(resolved, installed.isPresent());
            lines.add((installed.isPresent() ? "swapped " : "installed ") + applied);
        }
        Set<String> pinned = new HashSet<>();
        file.bricks().forEach(entry -> pinned.add(entry.id()));
        for (InstalledBrick brick : host.bricks()) {
            if (!pinned.contains(brick.id().toString())) {
                host.uninstall(brick.id());
                lines.add("removed " + brick + " (not in the lock file)");
            }
        }
        return lines;
    }
}
