package dev.brickyard.cli.host;

import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.cli.UsageException;
import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The {@code REF|JAR} argument of {@code install} and {@code swap}: a bundle file when one exists at that path,
 * else a registry reference such as {@code acme/sentiment@^1.2} (names cannot contain dots, so a {@code .jar}
 * that is not there is a missing file, not a reference).
 *
 * @param bundle the bundle file, or null for a reference
 * @param reference the reference, or null for a bundle
 */
record BrickArgument(Path bundle, BrickRef reference) {

    static BrickArgument parse(String text) throws InvalidInputException, NoSuchFileException {
        try {
            Path file = Path.of(text);
            if (Files.isRegularFile(file)) {
                return new BrickArgument(file, null);
            }
        } catch (InvalidPathException e) {
            // not a path this system can have, so it can only be a reference
        }
        try {
            return new BrickArgument(null, BrickRef.parse(text));
        } catch (IllegalArgumentException e) {
            if (text.toLowerCase(Locale.ROOT).endsWith(".jar")) {
                throw new NoSuchFileException(text + ": no such bundle");
            }
            throw new UsageException("'" + text + "' is neither a bundle file nor a reference such as "
                    + "acme/sentiment@^1.2: " + e.getMessage());
        }
    }

    /** The brick named by {@code NS/NAME}, as {@code rollback} and {@code remove} take it. */
    static BrickId id(String text) throws InvalidInputException {
        try {
            return BrickId.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + text + "' is not a brick id such as acme/sentiment (no version): "
                    + e.getMessage());
        }
    }

    /** The id in the bundle's {@code brick/brick.json}, which names the installed brick a swap replaces. */
    static BrickId idInBundle(Path bundle) throws MalformedBrickException, IOException {
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            ZipEntry entry = zip.getEntry(BrickHeaders.MANIFEST_PATH);
            if (entry == null) {
                throw new MalformedBrickException(bundle + " is not a brick bundle: it has no "
                        + BrickHeaders.MANIFEST_PATH);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return ManifestJson.read(in).brickId();
            }
        } catch (ZipException e) {
            throw new MalformedBrickException(bundle + " is not a brick bundle: not a zip archive", e);
        }
    }
}
