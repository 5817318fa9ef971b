package dev.brickyard.registry.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** Stores bundles by the SHA-256 of their bytes. Never trusts a digest it did not compute. */
public interface BlobStore {

    /**
     * Streams bytes to a staging file while hashing them, refusing more than {@code maxBytes}.
     *
     * @throws BlobTooLargeException past the limit (the staged bytes are deleted)
     */
    StagedBlob stage(InputStream in, long maxBytes) throws IOException;

    /** Makes staged bytes visible under their digest (an existing identical blob is kept). */
    void commit(StagedBlob blob) throws IOException;

    /** Deletes staged bytes that will not be committed. */
    void discard(StagedBlob blob);

    /** The file holding a committed blob, if there is one. */
    Optional<Path> find(String digest);
}
