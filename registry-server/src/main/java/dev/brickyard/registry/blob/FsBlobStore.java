package dev.brickyard.registry.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Blobs as files, addressed by digest:
 * <pre>
 * root/
 *   blobs/sha256/ab/abcdef0123...   one file per digest, first two hex digits as a fan-out folder
 *   staging/upload-*.tmp            uploads being received; never served; emptied when the store opens
 * </pre>
 * A blob becomes visible only by an atomic rename of a complete, fsynced staging file, so a reader sees a whole
 * blob or none, and a crash leaves at most a staging file, which the next start deletes.
 */
public final class FsBlobStore implements BlobStore {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private final Path blobs;
    private final Path staging;

    public FsBlobStore(Path root) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs").resolve("sha256"));
        this.staging = Files.createDirectories(root.resolve("staging"));
        try (Stream<Path> leftovers = Files.list(staging)) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    @Override
    public StagedBlob stage(InputStream in, long maxBytes) throws IOException {
        Path file = Files.createTempFile(staging, "upload-", ".tmp");
        MessageDigest sha256 = sha256();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                size += read;
                if (size > maxBytes) {
                    throw new BlobTooLargeException(maxBytes);
                }
                sha256.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new StagedBlob(file, "sha256:" + HexFormat.of().formatHex(sha256.digest()), size);
    }

    @Override
    public void commit(StagedBlob blob) throws IOException {
        Path target = path(blob.digest());
        if (Files.exists(target)) {
            Files.deleteIfExists(blob.file());
            return;
        }
        try (FileChannel channel = FileChannel.open(blob.file(), StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(blob.file(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(blob.file());
        }
        try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException notSupportedOnThisFileSystem) {
            // fsync of a directory is a Linux nicety; the rename itself is atomic everywhere we run
        }
    }

    @Override
    public void discard(StagedBlob blob) {
        try {
            Files.deleteIfExists(blob.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete staged upload " + blob.file(), e);
        }
    }

    @Override
    public Optional<Path> find(String digest) {
        if (!DIGEST.matcher(digest).matches()) {
            return Optional.empty();
        }
        Path file = path(digest);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private Path path(String digest) {
        String hex = digest.substring("sha256:".length());
        return blobs.resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
