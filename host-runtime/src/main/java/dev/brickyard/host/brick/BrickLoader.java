package dev.brickyard.host.brick;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.CompositeRecipeJson;
import dev.brickyard.base.adapter.AdapterFile;
import dev.brickyard.base.adapter.AdapterTensor;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.NeuronMask;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the loaded brick of a bundle's kind from its validated manifest and its entries: a head's graph in
 * {@link OrtHeadBrick}, a knowledge brick's key graph and values in {@link OrtKnowledgeBrick}, a composite's recipe in
 * {@link RecipeBrick}, an adapter's files in {@link LoraAdapterBrick} and a neuron set in {@link NeuronMaskBrick}
 * (both checked against the host's configurable base graph).
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
     * @param graph what the host's base graph offers adapters and neuron bricks
     * @throws IncompatibleBrickException for a kind this host does not run
     * @throws dev.brickyard.api.MalformedBrickException when the weights cannot be loaded
     */
    public static Brick load(BrickManifest manifest, BundleEntries entries, GraphOptions graph)
            throws BrickException {
        return switch (manifest.kind()) {
            case HEAD -> OrtHeadBrick.load(manifest, entries.read(weights(manifest, 0)));
            case KNOWLEDGE -> OrtKnowledgeBrick.load(manifest, entries.read(weights(manifest, 0)),
                    entries.read(weights(manifest, 1)));
            case COMPOSITE -> {
                byte[] recipe = entries.read(weights(manifest, 0));
                yield new RecipeBrick(manifest, CompositeRecipeJson.read(recipe, manifest.brickId()), recipe.length);
            }
            case ADAPTER -> loadAdapter(manifest, entries, graph);
            case NEURONS -> {
                if (!graph.neuronMasks()) {
                    throw new IncompatibleBrickException(manifest.id() + " is a neuron brick, but this host's base "
                            + "graph has no neuron masks");
                }
                try {
                    yield new NeuronMaskBrick(manifest, NeuronMask.of(manifest.neurons()));
                } catch (IllegalArgumentException e) {
                    throw new IncompatibleBrickException(manifest.id() + ": " + e.getMessage());
                }
            }
        };
    }

    /** The adapter files of a brick, read and combined into one adapter checked against the host's graph. */
    private static Brick loadAdapter(BrickManifest manifest, BundleEntries entries, GraphOptions graph)
            throws BrickException {
        List<AdapterTensor> parameters = new ArrayList<>();
        for (int i = 0; i < manifest.weights().size(); i++) {
            parameters.addAll(AdapterFile.read(entries.read(weights(manifest, i))).parameters());
        }
        AdapterFile combined;
        try {
            combined = AdapterFile.of(1, parameters);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleBrickException(manifest.id() + ": " + e.getMessage());
        }
        return new LoraAdapterBrick(manifest, LoraAdapter.load(manifest.id() + "@" + manifest.version(), combined,
                graph));
    }

    private static String weights(BrickManifest manifest, int index) {
        return BrickHeaders.BRICK_FOLDER + manifest.weights().get(index);
    }
}
