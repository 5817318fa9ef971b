package dev.brickyard.host.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.http.client.DigestMismatchException;
import dev.brickyard.http.registry.ResolvedVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bricks a host should run, pinned: each by id, exact version and the SHA-256 of its bundle. A fleet of hosts
 * shares one lock file ({@code brick host serve --bricks bricks.lock.json}); {@code brick host lock} writes one from
 * a running host.
 * <pre>
 * {"format": 1, "bricks": [{"id": "acme/sentiment", "version": "1.2.0", "digest": "sha256:&lt;hex&gt;"}]}
 * </pre>
 * {@link #apply} makes a host run exactly these: it keeps what already matches, installs or swaps to the pinned
 * version from the registry only when the registry's digest is the pinned one (the download is then checked against
 * it), and removes installed bricks the lock does not name.
 */
public record BrickLock(int format, List<Entry> bricks) {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** One pinned brick. */
    public record Entry(String id, String version, String digest) {
    }

    public BrickLock {
        bricks = List.copyOf(bricks);
    }

    /** The lock of what a host runs now. */
    public static BrickLock of(List<Entry> bricks) {
        return new BrickLock(FORMAT, bricks);
    }

    /**
     * Reads and checks a lock file.
     *
     * @throws MalformedBrickException naming the file and the entry when it is not a lock this host reads
     */
    public static BrickLock read(Path file) throws BrickException, IOException {
        BrickLock lock;
        try {
            lock = JSON.readValue(Files.readAllBytes(file), BrickLock.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no lock file");
        } catch (JsonProcessingException e) {
            throw new MalformedBrickException("the lock file " + file + " is not a lock: " + e.getOriginalMessage());
        }
        if (lock == null || lock.format() != FORMAT) {
            throw new MalformedBrickException("the lock file " + file + " is not in format " + FORMAT);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lock.bricks().size(); i++) {
            Entry entry = lock.bricks().get(i);
            String where = "the lock file " + file + ", bricks[" + i + "]: ";
            try {
                BrickId.parse(entry.id());
                SemVer.parse(entry.version());
            } catch (RuntimeException e) {
                throw new MalformedBrickException(where + "needs an id (ns/name) and an exact version: "
                        + e.getMessage());
            }
            if (entry.digest() == null || !entry.digest().matches("sha256:[0-9a-f]{64}")) {
                throw new MalformedBrickException(where + "needs a digest sha256:<64 hex digits>");
            }
            if (!seen.add(entry.id())) {
                throw new MalformedBrickException(where + entry.id() + " is pinned twice");
            }
        }
        return lock;
    }

    /** Writes the lock to {@code file}, replacing it in one rename. */
    public void write(Path file) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.write(next, JSON.writeValueAsBytes(this));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The lock as the file holds it. */
    public String text() throws JsonProcessingException {
        return JSON.writeValueAsString(this);
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
        for (Entry entry : bricks) {
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
        bricks.forEach(entry -> pinned.add(entry.id()));
        for (InstalledBrick brick : host.bricks()) {
            if (!pinned.contains(brick.id().toString())) {
                host.uninstall(brick.id());
                lines.add("removed " + brick + " (not in the lock file)");
            }
        }
        return lines;
    }
}
