package dev.brickyard.host.batch;

import dev.brickyard.api.BrickException;
import dev.brickyard.base.BaseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the base model for many concurrent requests at once: texts that arrive while the model is busy are
 * embedded together in the next run, up to {@code maxBatch} texts. A lone request is run at once; a run waits up
 * to {@code maxWait} only for requests already on their way (callers that entered {@link #embed} but are not yet
 * queued), so batching adds no latency when there is no concurrency.
 */
public final class EmbeddingBatcher implements AutoCloseable {
    private record Job(List<String> texts, CompletableFuture<float[][]> result) {
    }

    private final BaseModel baseModel;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
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
        if (texts.size() >= maxBatch) {
            return baseModel.embed(texts);
        }
        callers.incrementAndGet();
        CompletableFuture<float[][]> result = new CompletableFuture<>();
        boolean queued = false;
        try {
            if (closed) {
                throw new BrickException("the host is closing");
            }
            queue.add(new Job(texts, result));
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
            jobs.add(first);
            int texts = first.texts().size();
            long deadline = System.nanoTime() + maxWaitNanos;
            while (texts < maxBatch) {
                Job next = queue.poll();
                if (next == null) {
                    // Callers that have entered embed() but are not queued yet are worth a short wait; none, none.
                    long left = deadline - System.nanoTime();
                    if (callers.get() <= jobs.size() || left <= 0) {
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
                if (texts + next.texts().size() > maxBatch) {
                    queue.add(next);
                    break;
                }
                jobs.add(next);
                texts += next.texts().size();
            }
            runBatch(jobs, texts);
        }
        failRemaining();
    }

    private void runBatch(List<Job> jobs, int count) {
        List<String> all = new ArrayList<>(count);
        jobs.forEach(job -> all.addAll(job.texts()));
        try {
            float[][] embeddings = baseModel.embed(all);
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
