package dev.brickyard.host.brick;

import dev.brickyard.api.CompositeBrick;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.CompositeRecipe;

/**
 * A composite brick as the host holds it: its manifest and recipe. It owns no native memory; the host answers for
 * it by running the components the recipe names (see {@code BrickHost}).
 */
public final class RecipeBrick implements CompositeBrick {
    private final BrickManifest manifest;
    private final CompositeRecipe recipe;
    private final long recipeBytes;

    public RecipeBrick(BrickManifest manifest, CompositeRecipe recipe, long recipeBytes) {
        this.manifest = manifest;
        this.recipe = recipe;
        this.recipeBytes = recipeBytes;
    }

    @Override
    public BrickManifest manifest() {
        return manifest;
    }

    @Override
    public CompositeRecipe recipe() {
        return recipe;
    }

    @Override
    public long weightBytes() {
        return recipeBytes;
    }

    @Override
    public void close() {
        // nothing to free: the components are bricks of their own
    }
}
