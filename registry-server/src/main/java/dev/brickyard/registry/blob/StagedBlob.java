package dev.brickyard.registry.blob;

import java.nio.file.Path;

/**
 * Bytes received and hashed but not yet visible; {@link BlobStore#commit} makes them visible,
 * {@link BlobStore#discard} deletes them.
 *
 * @param file the staging file (for validation: it holds exactly the received bytes)
 * @param digest {@code sha256:<hex>} computed while the bytes arrived
 * @param size bytes received
 */
public record StagedBlob(Path file, String digest, long size) {
}
