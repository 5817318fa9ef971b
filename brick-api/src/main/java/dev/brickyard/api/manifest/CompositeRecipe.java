package dev.brickyard.api.manifest;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.VersionRange;
import java.util.List;

/**
 * How a composite brick answers: it runs its components (other bricks, required through OSGi
 * {@code Require-Capability} clauses, so a host cannot run the composite without them) and combines their answers.
 * Stored as {@code brick/recipe.json}:
 * <pre>
 * {"combine": "average",
 *  "components": [{"brick": "brickyard/sentiment", "range": "^1", "weight": 2.0},
 *                 {"brick": "acme/reviews-mood",   "range": "^1.2", "weight": 1.0}]}
 * </pre>
 *
 * @param combine how answers are combined; {@code average}: the weighted average of heads over the composite's labels
 * @param components at least two, each a different brick
 */
public record CompositeRecipe(String combine, List<Component> components) {
    /** The one way of combining in format version 1. */
    public static final String AVERAGE = "average";
    /** The recipe's file inside the bundle's brick folder. */
    public static final String FILE = "recipe.json";

    public CompositeRecipe {
        components = List.copyOf(components);
    }

    /**
     * One required brick.
     *
     * @param weight its share in the average, relative to the others; positive
     */
    public record Component(BrickId brick, VersionRange range, double weight) {
    }
}
