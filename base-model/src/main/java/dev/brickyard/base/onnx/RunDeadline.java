package dev.brickyard.base.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A wall-clock bound on one ONNX Runtime run: when the time is up a watchdog sets the terminate flag of the run's
 * options, and the run stops at its next node with an {@link OrtException}. The flag is never touched once the
 * deadline is closed, so the options can be closed right after.
 *
 * <pre>{@code
 * try (OrtSession.RunOptions options = new OrtSession.RunOptions();
 *      RunDeadline deadline = RunDeadline.start(options, Duration.ofSeconds(5));
 *      OrtSession.Result result = session.run(inputs, options)) {
 *     ...
 * } catch (OrtException e) {
 *     if (deadline.expired()) ... // it took too long
 * }
 * }</pre>
 */
public final class RunDeadline implements AutoCloseable {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "brickyard-run-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final OrtSession.RunOptions options;
    private final ScheduledFuture<?> alarm;
    private boolean closed;
    private boolean expired;

    private RunDeadline(OrtSession.RunOptions options, Duration timeout) throws OrtException {
        this.options = options;
        if (timeout.isZero() || timeout.isNegative()) {
            expired = true;
            options.setTerminate(true);
            alarm = null;
        } else {
            alarm = WATCHDOG.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Starts the clock for the run that will use {@code options}.
     *
     * @param timeout how long the run may take; zero or less stops it before its first node
     */
    public static RunDeadline start(OrtSession.RunOptions options, Duration timeout) throws OrtException {
        return new RunDeadline(options, timeout);
    }

    private synchronized void expire() {
        if (!closed) {
            try {
                options.setTerminate(true);
                expired = true;
            } catch (OrtException e) {
                // the run cannot be stopped this way; it goes on and finishes by itself
            }
        }
    }

    /** Whether the time ran out (and the run, if it was still going, was told to stop). */
    public synchronized boolean expired() {
        return expired;
    }

    /** Stops the clock. */
    @Override
    public synchronized void close() {
        closed = true;
        if (alarm != null) {
            alarm.cancel(false);
        }
    }
}
