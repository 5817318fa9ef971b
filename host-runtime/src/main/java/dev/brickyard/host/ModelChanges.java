package dev.brickyard.host;

import dev.brickyard.api.Brick;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.NeuronMask;
import dev.brickyard.host.brick.LoraAdapterBrick;
import dev.brickyard.host.brick.NeuronMaskBrick;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What the adapters and neuron bricks of a request (or of a smoke test) do to the base model's run. */
record ModelChanges(List<LoraAdapter> adapters, NeuronMask mask) {
    /**
     * The changes of the given bricks; bricks other than adapters and neuron bricks change nothing.
     *
     * @throws IllegalArgumentException when two adapters change the same site
     */
    static ModelChanges of(List<Brick> inside) {
        List<LoraAdapter> adapters = new ArrayList<>();
        NeuronMask mask = NeuronMask.NONE;
        for (Brick brick : inside) {
            if (brick instanceof LoraAdapterBrick adapter) {
                adapters.add(adapter.adapter());
            } else if (brick instanceof NeuronMaskBrick neurons) {
                mask = mask.and(neurons.mask());
            }
        }
        LoraAdapter.requireDisjoint(adapters);
        // One order for one set of adapters, so requests naming them in any order share base-model runs.
        adapters.sort(Comparator.comparing(LoraAdapter::name));
        return new ModelChanges(List.copyOf(adapters), mask);
    }

    /** The changes of the given loaded bricks. */
    static ModelChanges ofLoaded(List<LoadedBrick> inside) {
        return of(inside.stream().map(LoadedBrick::brick).toList());
    }
}
