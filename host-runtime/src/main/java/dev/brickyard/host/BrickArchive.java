package dev.brickyard.host;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.manifest.CompositeRecipeJson;
import dev.brickyard.api.manifest.ManifestJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the host reads from a brick archive without verifying it: its {@code brick.json}, and the components a
 * composite's recipe needs, which must be installed first (the OSGi resolver refuses the composite without them).
 */
public final class BrickArchive {
    private BrickArchive() {
    }

    /**
     * The archive's {@code brick.json}, read and validated.
     *
     * @throws MalformedBrickException when it is missing or breaks the format
     * @throws IOException when the archive is not a readable zip
     */
    public static BrickManifest manifest(Path archive) throws BrickException, IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            BrickManifest manifest = manifest(zip);
            if (manifest == null) {
                throw new MalformedBrickException(archive.getFileName() + " has no " + BrickHeaders.MANIFEST_PATH);
            }
            return manifest;
        }
    }

    /**
     * The components the recipe of a composite brick's archive names; empty for any other kind, and for an archive
     * without {@code brick.json} or recipe (the verifier says what is wrong with it).
     *
     * @throws MalformedBrickException when {@code brick.json} or the recipe breaks the format
     * @throws IOException when the archive is not a readable zip
     */
    public static List<CompositeRecipe.Component> components(Path archive) throws BrickException, IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            BrickManifest manifest = manifest(zip);
            ZipEntry recipeEntry = zip.getEntry(BrickHeaders.BRICK_FOLDER + CompositeRecipe.FILE);
            if (manifest == null || manifest.kind() != BrickKind.COMPOSITE || recipeEntry == null) {
                return List.of();
            }
            return CompositeRecipeJson.read(zip.getInputStream(recipeEntry).readAllBytes(), manifest.brickId())
                    .components();
        }
    }

    /** The manifest in the zip, or null when it has none. */
    private static BrickManifest manifest(ZipFile zip) throws BrickException, IOException {
        ZipEntry entry = zip.getEntry(BrickHeaders.MANIFEST_PATH);
        return entry == null ? null : ManifestJson.read(zip.getInputStream(entry).readAllBytes());
    }
}
