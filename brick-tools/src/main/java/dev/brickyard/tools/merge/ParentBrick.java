package dev.brickyard.tools.merge;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.tools.pack.BrickPacker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One brick given to {@code brick merge}, verified: its manifest, the SHA-256 of its archive (what the merged brick
 * records as the parent's digest) and the bytes of its weights files.
 *
 * @param source the path as given: a bundle, or a brick folder that was packed to verify it
 * @param weights each file of {@code $.weights} (as listed) to its bytes
 */
public record ParentBrick(Path source, VerifiedBrick verified, Map<String, byte[]> weights) {

    /**
     * Verifies a bundle, or packs a brick folder into {@code scratch} (as {@code brick pack} would, reproducibly, so
     * the digest is the one {@code brick pack} gives) and verifies that, then reads its weights.
     *
     * @throws MalformedBrickException listing the archive's violations
     * @throws NoSuchFileException when there is nothing at {@code source}
     */
    public static ParentBrick read(Path source, Path scratch) throws BrickException, IOException {
        Path archive = source;
        VerifiedBrick verified;
        if (Files.isDirectory(source)) {
            archive = Files.createTempFile(scratch, "parent", ".jar");
            verified = new BrickPacker().pack(source, archive);
        } else if (Files.isRegularFile(source)) {
            verified = new BrickVerifier().verify(source);
        } else {
            throw new NoSuchFileException(source + ": no such brick bundle or brick folder");
        }
        Map<String, byte[]> weights = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (String weight : verified.manifest().weights()) {
                // The verifier has checked that every listed file is present and within the size limits.
                ZipEntry entry = zip.getEntry(BrickHeaders.BRICK_FOLDER + weight);
                try (InputStream in = zip.getInputStream(entry)) {
                    weights.put(weight, in.readAllBytes());
                }
            }
        }
        return new ParentBrick(source, verified, Collections.unmodifiableMap(weights));
    }

    public BrickManifest manifest() {
        return verified.manifest();
    }

    /** {@code id@version}, how messages and the card name the parent. */
    public String described() {
        return manifest().id() + "@" + manifest().version();
    }
}
