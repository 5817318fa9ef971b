package dev.brickyard.host.batch;

import dev.brickyard.api.BrickException;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.NeuronMask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the base model for many concurrent requests at once: texts that arrive while the model is busy are
 * embedded together in the next run, up to {@code maxBatch} texts. A lone request is run at once; a run waits up
 * to {@code maxWait} only for requests already on their way (callers that entered {@link #embed} but are not yet
 * queued), so batching adds no latency when there is no concurrency.
 *
 * <p>Adapters are active for a whole run, so one run takes only requests with the same adapters (the first waiting
 * request's); the others keep their place for the next run. Neuron masks are per row, so they mix freely.
 */
public final class EmbeddingBatcher implements AutoCloseable {
    private record Job(List<String> texts, List<LoraAdapter> adapters, NeuronMask mask,
                       CompletableFuture<float[][]> result) {
    }

    private final BaseModel baseModel;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger callers = new AtomicInteger();
    private final Thread worker;
    private volatile boolean closed;
    private final BatchStatistics statistics = new BatchStatistics();

    public EmbeddingBatcher(BaseModel baseModel, int maxBatch, long maxWaitMicros) {
        if (maxBatch < 1 || maxWaitMicros < 0) {
            throw new IllegalArgumentException("maxBatch must be at least 1 and maxWait not negative");
        }
        this.baseModel = baseModel;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWaitMicros);
        this.worker = new Thread(this::run, "brickyard-embedding-batcher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Embeds the texts, in one run with whatever other requests are waiting. */
    public float[][] embed(List<String> texts) throws BrickException {
        return embed(texts, List.of(), NeuronMask.NONE);
    }

    /**
     * Embeds the texts with adapters active and a neuron mask on each of them, in one run with whatever other
     * requests with the same adapters are waiting.
     */
    public float[][] embed(List<String> texts, List<LoraAdapter> adapters, NeuronMask mask) throws BrickException {
        if (closed) {
            throw new BrickException("the host is closing");
        }
        if (texts.size() >= maxBatch) {
            return baseModel.embed(texts, adapters, Collections.nCopies(texts.size(), mask));
        }
        callers.incrementAndGet();
        CompletableFuture<float[][]> result = new CompletableFuture<>();
        boolean queued = false;
        try {
            if (closed) {
                throw new BrickException("the host is closing");
            }
            queue.add(new Job(texts, List.copyOf(adapters), mask, result));
            queued = true;
        } finally {
            if (!queued) {
                callers.decrementAndGet();
            }
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrickException("interrupted while waiting for the base model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrickException brick) {
                throw brick;
            }
            throw new BrickException("the base model failed: " + e.getCause(), e.getCause());
        }
    }

    /** How large the runs have been, for metrics. */
    public BatchStatistics statistics() {
        return statistics;
    }

    private void run() {
        while (!closed) {
            Job first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<Job> jobs = new ArrayList<>();
            List<Job> passedOver = new ArrayList<>();
            jobs.add(first);
            int texts = first.texts().size();
            long deadline = System.nanoTime() + maxWaitNanos;
            while (texts < maxBatch) {
                Job next = queue.poll();
                if (next == null) {
                    // Callers that have entered embed() but are not queued yet are worth a short wait; none, none.
                    long left = deadline - System.nanoTime();
                    if (callers.get() <= jobs.size() + passedOver.size() || left <= 0) {
                        break;
                    }
                    try {
                        next = queue.poll(left, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        break;
                    }
                    if (next == null) {
                        break;
                    }
                }
                if (!next.adapters().equals(first.adapters())) {
                    passedOver.add(next);
                    continue;
                }
                if (texts + next.texts().size() > maxBatch) {
                    passedOver.add(next);
                    break;
                }
                jobs.add(next);
                texts += next.texts().size();
            }
            // Jobs passed over keep their place at the head of the queue, in the order they came.
            for (int i = passedOver.size() - 1; i >= 0; i--) {
                queue.addFirst(passedOver.get(i));
            }
            runBatch(jobs, texts);
        }
        failRemaining();
    }

    private void runBatch(List<Job> jobs, int count) {
        List<String> all = new ArrayList<>(count);
        List<NeuronMask> masks = new ArrayList<>(count);
        for (Job job : jobs) {
            all.addAll(job.texts());
            masks.addAll(Collections.nCopies(job.texts().size(), job.mask()));
        }
        try {
            float[][] embeddings = baseModel.embed(all, jobs.get(0).adapters(), masks);
            statistics.record(count);
            int offset = 0;
            for (Job job : jobs) {
                float[][] mine = new float[job.texts().size()][];
                System.arraycopy(embeddings, offset, mine, 0, mine.length);
                offset += mine.length;
                job.result().complete(mine);
            }
        } catch (BrickException | RuntimeException e) {
            jobs.forEach(job -> job.result().completeExceptionally(e));
        } finally {
            callers.addAndGet(-jobs.size());
        }
    }

    private void failRemaining() {
        for (Job job = queue.poll(); job != null; job = queue.poll()) {
            job.result().completeExceptionally(new BrickException("the host is closing"));
            callers.decrementAndGet();
        }
    }

    /** Stops the worker; requests still queued fail with "the host is closing". */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failRemaining();
    }
}
