package dev.brickyard.api;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.CompositeRecipe;

/**
 * A brick of kind {@link BrickKind#COMPOSITE}: it holds no weights of its own but a {@link CompositeRecipe}; the
 * host answers for it by running the components the recipe names (in the same snapshot of installed bricks) and
 * combining their answers.
 */
public interface CompositeBrick extends Brick {
    CompositeRecipe recipe();
}
