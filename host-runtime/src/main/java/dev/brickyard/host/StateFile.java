package dev.brickyard.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The host's state file, {@code storage/state.json}: a {@link HostState} as JSON, replaced as a whole on every
 * change so that it is always either the old state or the new one, never a mix, whenever the process dies. A write
 * goes to {@code state.json.new}, which is forced to the device, renamed over {@code state.json} in one atomic
 * step, and then the folder is forced, so the rename itself survives a power cut. Only then is the write done.
 */
final class StateFile {
    static final String NAME = "state.json";
    private static final Logger LOG = Logger.getLogger(StateFile.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** How the new file's bytes reach the device: the one step of a write that a full disk makes fail. */
    interface Disk {
        /** Writes all of {@code bytes} to the channel, or throws. */
        void write(FileChannel channel, ByteBuffer bytes) throws IOException;

        /** The real disk. */
        Disk REAL = (channel, bytes) -> {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        };
    }

    private final Path file;
    private final Path next;
    private final Disk disk;
    /** The bytes {@code state.json} holds on the device, or null when there is no such file. */
    private byte[] saved;

    private StateFile(Path file, Disk disk) {
        this.file = file;
        this.next = file.resolveSibling(NAME + ".new");
        this.disk = disk;
    }

    /** The state file in {@code folder}; a half-written new file a crash left there is deleted. */
    static StateFile open(Path folder, Disk disk) throws IOException {
        StateFile stateFile = new StateFile(folder.resolve(NAME), disk);
        Files.deleteIfExists(stateFile.next);
        return stateFile;
    }

    Path path() {
        return file;
    }

    /**
     * The saved state, or {@link HostState#EMPTY} when there is no state file.
     *
     * @throws HostStateException when the file cannot be read, is not a state this host understands, or was written
     *                            in a newer format
     */
    HostState read() throws HostStateException {
        if (!Files.exists(file)) {
            return HostState.EMPTY;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new HostStateException(file, "cannot read the host's state file " + file + ": " + e, e);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw corrupt("it is not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw corrupt("it is not JSON (" + e.getMessage() + ")", e);
        }
        JsonNode format = tree == null ? null : tree.get("format");
        if (format == null || !format.canConvertToInt() || !format.isIntegralNumber() || format.intValue() < 1) {
            throw corrupt("it has no \"format\" number", null);
        }
        if (format.intValue() > HostState.FORMAT) {
            throw new HostStateException(file, "the host's state file " + file + " was written by a newer host, in "
                    + "format " + format.intValue() + "; this host reads format " + HostState.FORMAT
                    + ". Run the newer host on this folder", null);
        }
        HostState state;
        try {
            state = JSON.treeToValue(tree, HostState.class);
            state.check();
        } catch (JsonProcessingException e) {
            throw corrupt(e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage(), e);
        }
        saved = bytes;
        return state;
    }

    private HostStateException corrupt(String problem, Exception cause) {
        return new HostStateException(file, "the host's state file " + file + " is corrupt: " + problem, cause);
    }

    /**
     * Replaces the file with {@code state}, durably. When this throws, the file holds the state it held before.
     */
    void write(HostState state) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(state);
        rename(bytes);
        try {
            forceFolder();
        } catch (IOException e) {
            // The rename may reach the device after all; put the old state back so that the file and the running
            // host, which refuses the change, agree.
            try {
                if (saved == null) {
                    Files.deleteIfExists(file);
                } else {
                    rename(saved);
                }
                forceFolder();
            } catch (IOException again) {
                e.addSuppressed(again);
                LOG.log(Level.SEVERE, "cannot put the host's state file " + file + " back as it was", again);
            }
            throw e;
        }
        saved = bytes;
    }

    /** Writes the bytes to the new file, forces them to the device and renames the new file over the old. */
    private void rename(byte[] bytes) throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                disk.write(channel, ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(next);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    private void forceFolder() throws IOException {
        forceFolder(file.getParent());
    }

    /** Forces a folder's entries to the device, so that a rename into it survives a power cut (POSIX). */
    static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
