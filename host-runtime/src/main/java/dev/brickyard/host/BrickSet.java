package dev.brickyard.host;

import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.host.brick.InsideBrick;
import dev.brickyard.host.route.Router;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One immutable snapshot of the installed bricks. Every request acquires the current set and answers from it alone,
 * so it never sees half a swap; installs, swaps and uninstalls build a new set and make it current. A set counts
 * its users (the host holds one use while the set is current); when the last use ends, it lets go of its bricks.
 */
final class BrickSet {
    private final long generation;
    private final Map<BrickId, LoadedBrick> bricks;
    private final Router router;
    private final AtomicInteger uses = new AtomicInteger(1);

    private BrickSet(long generation, Map<BrickId, LoadedBrick> bricks) {
        this.generation = generation;
        this.bricks = bricks;
        this.router = new Router(answering(bricks.values()).stream().map(loaded -> loaded.brick().manifest())
                .toList());
        bricks.values().forEach(LoadedBrick::retain);
    }

    static BrickSet empty() {
        return new BrickSet(0, Map.of());
    }

    /** A new set: this one with {@code brick} added or replacing the brick of the same id. */
    BrickSet with(LoadedBrick brick) {
        Map<BrickId, LoadedBrick> next = new LinkedHashMap<>(bricks);
        next.put(brick.info().id(), brick);
        return new BrickSet(generation + 1, next);
    }

    /** A new set: this one without the brick. */
    BrickSet without(BrickId id) {
        Map<BrickId, LoadedBrick> next = new LinkedHashMap<>(bricks);
        next.remove(id);
        return new BrickSet(generation + 1, next);
    }

    /** Counts from 0 and grows by one with each change; responses name it so clients can tell snapshots apart. */
    long generation() {
        return generation;
    }

    LoadedBrick get(BrickId id) {
        return bricks.get(id);
    }

    /** The brick with this id, for a caller that names it and must be told what is installed when it is not. */
    LoadedBrick require(BrickId id) throws BrickNotFoundException {
        LoadedBrick loaded = bricks.get(id);
        if (loaded == null) {
            throw new BrickNotFoundException(id + " is not installed" + (bricks.isEmpty() ? " (no bricks are)"
                    : "; installed: " + ids()));
        }
        return loaded;
    }

    /**
     * The named bricks, each of which must be an adapter or a neuron brick: for callers that change the base model's
     * run rather than answer ({@code purpose} says what they change, e.g. "change the activations").
     *
     * @throws BrickNotFoundException when a named brick is not installed
     * @throws IllegalArgumentException when a named brick is of another kind
     */
    List<LoadedBrick> requireInside(List<BrickId> ids, String purpose) throws BrickNotFoundException {
        List<LoadedBrick> inside = new java.util.ArrayList<>(ids.size());
        for (BrickId id : ids) {
            LoadedBrick loaded = require(id);
            if (!(loaded.brick() instanceof InsideBrick)) {
                throw new IllegalArgumentException(loaded.info() + " is a " + loaded.info().kind().jsonName()
                        + " brick; only adapters and neuron bricks " + purpose);
            }
            inside.add(loaded);
        }
        return inside;
    }

    Collection<LoadedBrick> bricks() {
        return bricks.values();
    }

    /** The bricks that answer (heads, knowledge bricks, composites): all but adapters and neuron bricks. */
    List<LoadedBrick> answering() {
        return answering(bricks.values());
    }

    private static List<LoadedBrick> answering(Collection<LoadedBrick> bricks) {
        return bricks.stream().filter(loaded -> !(loaded.brick() instanceof InsideBrick)).toList();
    }

    List<BrickId> ids() {
        return List.copyOf(bricks.keySet());
    }

    Router router() {
        return router;
    }

    /** Adds a use unless the set is already released; the caller then tries the newer current set. */
    boolean tryAcquire() {
        for (int now = uses.get(); now > 0; now = uses.get()) {
            if (uses.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Ends a use; the last one releases every brick of the set. */
    void release() {
        if (uses.decrementAndGet() == 0) {
            bricks.values().forEach(LoadedBrick::release);
        }
    }
}
