package dev.brickyard.tools.compose;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.manifest.CompositeRecipeJson;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.VersionRange;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.card.RoutingKey;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code brick compose} makes of its components once the registry has said what they are: the recipe and the
 * composite's {@code brick.json}. Components must answer over one label set (in any order; the composite keeps the
 * first component's order) and be built for one base model.
 */
public final class Composition {
    private Composition() {
    }

    /**
     * One component as the registry knows it.
     *
     * @param range the range the recipe will require
     * @param manifest the {@code brick.json} of the newest version in that range
     */
    public record Component(BrickId brick, VersionRange range, double weight, BrickManifest manifest) {
        public String described() {
            return brick + "@" + manifest.version();
        }
    }

    /** The composite: its manifest and its recipe. */
    public record Result(BrickManifest manifest, CompositeRecipe recipe) {
    }

    /**
     * Checks the components and builds the composite.
     *
     * @throws InvalidInputException when the components cannot form a composite: too few or too many, repeated, the
     *                        composite itself, another kind than a head or composite, other labels or base model
     */
    public static Result of(BrickMetadata metadata, List<Component> components) throws InvalidInputException {
        BrickId id = BrickId.parse(metadata.id());
        if (components.size() < CompositeRecipeJson.MIN_COMPONENTS
                || components.size() > CompositeRecipeJson.MAX_COMPONENTS) {
            throw new InvalidInputException("a composite has " + CompositeRecipeJson.MIN_COMPONENTS + " to "
                    + CompositeRecipeJson.MAX_COMPONENTS + " components (--component), " + components.size()
                    + " given");
        }
        Set<BrickId> seen = new HashSet<>();
        for (Component component : components) {
            if (component.brick().equals(id)) {
                throw new InvalidInputException(id + " cannot be a component of itself");
            }
            if (!seen.add(component.brick())) {
                throw new InvalidInputException(component.brick() + " is given twice: each component is a different brick "
                        + "(give it a larger weight instead)");
            }
            BrickKind kind = component.manifest().kind();
            if (kind != BrickKind.HEAD && kind != BrickKind.COMPOSITE) {
                throw new InvalidInputException(component.described() + " is a " + kind.jsonName() + " brick: a composite "
                        + "averages heads (or other composites) over a shared label set");
            }
        }
        Component first = components.get(0);
        for (Component other : components.subList(1, components.size())) {
            if (!Set.copyOf(other.manifest().labels()).equals(Set.copyOf(first.manifest().labels()))) {
                throw new InvalidInputException("the components answer different labels: " + first.described() + " "
                        + first.manifest().labels() + ", " + other.described() + " " + other.manifest().labels()
                        + "; a composite averages components over one label set");
            }
            BaseModelRef base = other.manifest().base();
            BaseModelRef firstBase = first.manifest().base();
            if (!base.name().equals(firstBase.name()) || base.dim() != firstBase.dim()) {
                throw new InvalidInputException("the components are built for different base models: " + first.described()
                        + " for " + firstBase.name() + " (dim " + firstBase.dim() + "), " + other.described() + " for "
                        + base.name() + " (dim " + base.dim() + ")");
            }
        }
        CompositeRecipe recipe = new CompositeRecipe(CompositeRecipe.AVERAGE, components.stream()
                .map(component -> new CompositeRecipe.Component(component.brick(), component.range(),
                        component.weight()))
                .toList());
        BrickManifest manifest = new BrickManifest(BrickManifest.SCHEMA_VERSION, metadata.id(), metadata.version(),
                BrickKind.COMPOSITE, BrickOrigin.CUSTOMIZED, Granularity.MODULE, metadata.description(),
                metadata.tags(), first.manifest().labels(), null, routingKey(components),
                Map.of("components", (double) components.size()), metadata.license(), metadata.authors(),
                first.manifest().base(), List.of(CompositeRecipe.FILE));
        return new Result(manifest, recipe);
    }

    /**
     * The normalised weighted mean of the components' routing keys, over those that have one; empty (the composite
     * answers only when named) when none has one or they cancel out.
     */
    public static float[] routingKey(List<Component> components) {
        return RoutingKey.weightedMean(components.stream().map(c -> c.manifest().routingKey()).toList(),
                components.stream().mapToDouble(Component::weight).toArray());
    }
}
