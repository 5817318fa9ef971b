package dev.brickyard.http.lock;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.api.version.SemVer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bricks pinned, each by id, exact version and the SHA-256 of its bundle, and optionally the reference it was
 * resolved from ({@code acme/sentiment@stable}, {@code acme/sentiment@^1.2}). {@code brick lock} writes one as
 * {@code brick.lock}, {@code brick host lock} from a running host; {@code brick host serve --bricks FILE} runs exactly
 * the bricks of either.
 * <pre>
 * {"format": 1, "bricks": [{"id": "acme/sentiment", "version": "1.2.0", "digest": "sha256:&lt;hex&gt;",
 *                           "ref": "acme/sentiment@stable"}]}
 * </pre>
 * {@code ref} is optional (files written before it existed have none, and {@code brick host lock} writes none): it
 * records what the lock was made from, so that the lock can be made again from the same references; the pin is
 * {@code version} and {@code digest}.
 */
public record LockFile(int format, List<Entry> bricks) {
    /** The one format so far. */
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * One pinned brick.
     *
     * @param ref the reference the version was resolved from; null when unknown
     */
    public record Entry(String id, String version, String digest,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String ref) {
        /** A pin without the reference it came from. */
        public Entry(String id, String version, String digest) {
            this(id, version, digest, null);
        }
    }

    public LockFile {
        bricks = List.copyOf(bricks);
    }

    /** A lock of these pins in the current format. */
    public static LockFile of(List<Entry> bricks) {
        return new LockFile(FORMAT, bricks);
    }

    /**
     * Reads and checks a lock file.
     *
     * @throws MalformedBrickException naming the file and the entry when it is not a lock in this format
     * @throws NoSuchFileException when there is no file
     */
    public static LockFile read(Path file) throws BrickException, IOException {
        LockFile lock;
        try {
            lock = JSON.readValue(Files.readAllBytes(file), LockFile.class);
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
            if (entry.ref() != null && !refersTo(entry.ref(), entry.id())) {
                throw new MalformedBrickException(where + "ref '" + entry.ref() + "' is not a reference to "
                        + entry.id());
            }
            if (!seen.add(entry.id())) {
                throw new MalformedBrickException(where + entry.id() + " is pinned twice");
            }
        }
        return lock;
    }

    private static boolean refersTo(String ref, String id) {
        try {
            return BrickRef.parse(ref).id().toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
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
}
