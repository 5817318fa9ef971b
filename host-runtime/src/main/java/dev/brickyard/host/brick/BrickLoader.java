package dev.brickyard.host.brick;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickHeaders;
import dev.brickyard.api.BrickKind;
import dev.brickyard.api.BrickManifest;
import dev.brickyard.api.CompositeRecipeJson;
import dev.brickyard.api.IncompatibleBrickException;

/**
 * Makes the loaded brick of a bundle's kind from its validated manifest and its entries: a head's graph in
 * {@link OrtHeadBrick}, a knowledge brick's key graph and values in {@link OrtKnowledgeBrick}, a composite's recipe in
 * {@link RecipeBrick}. Other kinds have no implementation on this host.
 */
public final class BrickLoader {

    /** Reads one entry of a bundle by its full path, such as {@code brick/head.onnx}. */
    @FunctionalInterface
    public interface BundleEntries {
        byte[] read(String path) throws BrickException;
    }

    private BrickLoader() {
    }

    /**
     * Loads the brick a manifest describes; the caller owns the result and must close it.
     *
     * @param manifest the bundle's validated {@code brick.json}
     * @param entries reads the files the manifest lists
     * @throws IncompatibleBrickException for a kind this host does not run
     * @throws dev.brickyard.api.MalformedBrickException when the weights cannot be loaded
     */
    public static Brick load(BrickManifest manifest, BundleEntries entries) throws BrickException {
        return switch (manifest.kind()) {
            case HEAD -> OrtHeadBrick.load(manifest, entries.read(weights(manifest, 0)));
            case KNOWLEDGE -> OrtKnowledgeBrick.load(manifest, entries.read(weights(manifest, 0)),
                    entries.read(weights(manifest, 1)));
            case COMPOSITE -> {
                byte[] recipe = entries.read(weights(manifest, 0));
                yield new RecipeBrick(manifest, CompositeRecipeJson.read(recipe, manifest.brickId()), recipe.length);
            }
            case ADAPTER, NEURONS -> throw new IncompatibleBrickException(manifest.id() + " is "
                    + (manifest.kind() == BrickKind.ADAPTER ? "an " : "a ") + manifest.kind().jsonName()
                    + " brick; this host runs head, knowledge and composite bricks");
        };
    }

    private static String weights(BrickManifest manifest, int index) {
        return BrickHeaders.BRICK_FOLDER + manifest.weights().get(index);
    }
}
