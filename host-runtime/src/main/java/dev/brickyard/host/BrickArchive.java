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
 *
 * @param components the bricks a composite's recipe names; empty for any other kind
 */
public record BrickArchive(BrickManifest manifest, List<CompositeRecipe.Component> components) {
    public BrickArchive {
        components = List.copyOf(components);
    }

    /**
     * Reads an archive's {@code brick.json} and, for a composite, its recipe.
     *
     * @throws MalformedBrickException when {@code brick.json} is missing, or it or the recipe breaks the format
     * @throws IOException when the archive is not a readable zip
     */
    public static BrickArchive read(Path archive) throws BrickException, IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            BrickArchive read = read(zip);
            if (read == null) {
                throw new MalformedBrickException(archive.getFileName() + " has no " + BrickHeaders.MANIFEST_PATH);
            }
            return read;
        }
    }

    /**
     * The components the recipe of a composite brick's archive names; empty for any other kind, and for an archive
     * without {@code brick.json} (the verifier says what is wrong with it).
     *
     * @throws MalformedBrickException when {@code brick.json} or the recipe breaks the format
     * @throws IOException when the archive is not a readable zip
     */
    public static List<CompositeRecipe.Component> components(Path archive) throws BrickException, IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            BrickArchive read = read(zip);
            return read == null ? List.of() : read.components();
        }
    }

    /** What the zip holds, or null when it has no {@code brick.json}. */
    private static BrickArchive read(ZipFile zip) throws BrickException, IOException {
        ZipEntry manifestEntry = zip.getEntry(BrickHeaders.MANIFEST_PATH);
        if (manifestEntry == null) {
            return null;
        }
        BrickManifest manifest = ManifestJson.read(zip.getInputStream(manifestEntry).readAllBytes());
        ZipEntry recipeEntry = zip.getEntry(BrickHeaders.BRICK_FOLDER + CompositeRecipe.FILE);
        if (manifest.kind() != BrickKind.COMPOSITE || recipeEntry == null) {
            return new BrickArchive(manifest, List.of());
        }
        return new BrickArchive(manifest, CompositeRecipeJson.read(zip.getInputStream(recipeEntry).readAllBytes(),
                manifest.brickId()).components());
    }
}
