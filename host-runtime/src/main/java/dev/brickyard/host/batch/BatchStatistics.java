package dev.brickyard.host.batch;

import java.util.concurrent.atomic.AtomicLong;

/** How many base-model runs the batcher made and how many texts they held. */
public final class BatchStatistics {
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong texts = new AtomicLong();

    void record(int size) {
        runs.incrementAndGet();
        texts.addAndGet(size);
    }

    public long runs() {
        return runs.get();
    }

    public long texts() {
        return texts.get();
    }
}
