package dev.brickyard.host;

import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.host.precision.PrecisionPolicy;
import dev.brickyard.host.trust.TrustPolicy;
import java.nio.file.Path;

/**
 * How to open a host.
 *
 * @param variant which build of the base model to run
 * @param storage folder for the OSGi bundle cache and kept archives; {@code null} for a temporary folder that is
 *                deleted when the host closes
 * @param brickMemoryBytes the most bytes of brick weights the host holds at once; 0 for no limit
 * @param maxBatch the most texts the base model embeds in one run for concurrent requests
 * @param maxWaitMicros how long a base-model run may wait for requests already on their way
 * @param spinWhileIdle whether the base model's ONNX Runtime threads spin between runs (lowest latency for one
 *                      request at a time; a server under concurrent load does better without, see BaseModel)
 * @param graph the configurable base graph: which LoRA sites adapters may use, neuron masks, activation outputs
 *              (by default {@link GraphOptions#serving()}; {@link GraphOptions#original()} runs the untouched graph,
 *              with no adapters or neuron bricks)
 * @param trust which signers the host lets bricks in from, checked at every install, swap, follow and restore
 *              (by default {@link TrustPolicy#OFF}: signatures are not acted on)
 * @param precisionMismatch what the host does with a brick whose card shows that {@code variant} changes its answers
 *                          (trained on the other build): warn (the default) or refuse, see {@link PrecisionPolicy}
 */
public record HostOptions(BaseModelVariant variant, Path storage, long brickMemoryBytes, int maxBatch,
                          long maxWaitMicros, boolean spinWhileIdle, GraphOptions graph, TrustPolicy trust,
                          PrecisionPolicy.Mismatch precisionMismatch) {
    public static final int DEFAULT_MAX_BATCH = 32;
    public static final long DEFAULT_MAX_WAIT_MICROS = 2_000;

    public HostOptions {
        if (brickMemoryBytes < 0 || maxBatch < 1 || maxWaitMicros < 0) {
            throw new IllegalArgumentException("brick memory and max wait must not be negative, max batch at least 1");
        }
        graph = graph == null ? GraphOptions.serving() : graph;
        trust = trust == null ? TrustPolicy.OFF : trust;
        precisionMismatch = precisionMismatch == null ? PrecisionPolicy.Mismatch.WARN : precisionMismatch;
    }

    public HostOptions(BaseModelVariant variant, Path storage) {
        this(variant, storage, 0, DEFAULT_MAX_BATCH, DEFAULT_MAX_WAIT_MICROS, true, GraphOptions.serving(),
                TrustPolicy.OFF, PrecisionPolicy.Mismatch.WARN);
    }

    /** Full-precision base model, temporary storage, no memory limit. */
    public static HostOptions defaults() {
        return new HostOptions(BaseModelVariant.FP32, null);
    }

    public HostOptions withVariant(BaseModelVariant newVariant) {
        return new HostOptions(newVariant, storage, brickMemoryBytes, maxBatch, maxWaitMicros, spinWhileIdle, graph,
                trust, precisionMismatch);
    }

    public HostOptions withStorage(Path newStorage) {
        return new HostOptions(variant, newStorage, brickMemoryBytes, maxBatch, maxWaitMicros, spinWhileIdle, graph,
                trust, precisionMismatch);
    }

    public HostOptions withBrickMemory(long bytes) {
        return new HostOptions(variant, storage, bytes, maxBatch, maxWaitMicros, spinWhileIdle, graph, trust,
                precisionMismatch);
    }

    /** The options a server under concurrent load runs with: the base model's threads sleep between runs. */
    public HostOptions forServing() {
        return new HostOptions(variant, storage, brickMemoryBytes, maxBatch, maxWaitMicros, false, graph, trust,
                precisionMismatch);
    }

    public HostOptions withGraph(GraphOptions newGraph) {
        return new HostOptions(variant, storage, brickMemoryBytes, maxBatch, maxWaitMicros, spinWhileIdle, newGraph,
                trust, precisionMismatch);
    }

    public HostOptions withTrust(TrustPolicy newTrust) {
        return new HostOptions(variant, storage, brickMemoryBytes, maxBatch, maxWaitMicros, spinWhileIdle, graph,
                newTrust, precisionMismatch);
    }

    public HostOptions withPrecisionMismatch(PrecisionPolicy.Mismatch newMismatch) {
        return new HostOptions(variant, storage, brickMemoryBytes, maxBatch, maxWaitMicros, spinWhileIdle, graph, trust,
                newMismatch);
    }

    /** The policy the host applies to bricks trained on another build of the base model than {@code variant}. */
    public PrecisionPolicy precision() {
        return new PrecisionPolicy(variant, precisionMismatch);
    }

    public HostOptions withBatching(int newMaxBatch, long newMaxWaitMicros) {
        return new HostOptions(variant, storage, brickMemoryBytes, newMaxBatch, newMaxWaitMicros, spinWhileIdle,
                graph, trust, precisionMismatch);
    }
}
