package dev.brickyard.host.brick;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.graph.ConfigurableGraph;
import dev.brickyard.base.graph.NeuronMask;

/** A neuron brick: the mask its neuron set and mode make, applied to the rows of the requests that name it. */
public final class NeuronMaskBrick implements InsideBrick {
    private final BrickManifest manifest;
    private final NeuronMask mask;

    NeuronMaskBrick(BrickManifest manifest, NeuronMask mask) {
        this.manifest = manifest;
        this.mask = mask;
    }

    @Override
    public BrickManifest manifest() {
        return manifest;
    }

    public NeuronMask mask() {
        return mask;
    }

    /** One float per neuron of each masked layer. */
    @Override
    public long weightBytes() {
        return (long) manifest.neurons().layers().size() * ConfigurableGraph.NEURONS * Float.BYTES;
    }

    @Override
    public void close() {
        // Plain Java memory: nothing native to free.
    }
}
