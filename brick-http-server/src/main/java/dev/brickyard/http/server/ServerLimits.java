package dev.brickyard.http.server;

import java.time.Duration;

/**
 * The bounds a server keeps so that no client, however hostile, can take all of it: how many requests run at once
 * and how many wait, how long request headers and the gaps in a body may take, how large a body may be.
 *
 * @param workers        requests handled at once; health, metrics and event streams are not counted
 *                       ({@link AlwaysAdmitted})
 * @param queue          requests that may wait for a worker; past this a request is answered 503 at once
 * @param queueWait      how long a request waits for a worker before it is answered 503
 * @param threads        the most threads the server uses, reading headers included; a connection past it is closed
 *                       unanswered (the last line of defence, above {@code workers + queue})
 * @param headerTimeout  how long a request's line and headers may take to arrive
 * @param bodyTimeout    how long a body may go without a byte arriving
 * @param maxJsonBytes   the largest JSON (or any non-bundle) body
 * @param maxUploadBytes the largest bundle upload ({@code application/java-archive}, {@code application/zip},
 *                       {@code application/octet-stream})
 * @param clientRate     requests per second one client (an IPv4 address, an IPv6 /64) may make to resources marked
 *                       {@link RateLimited}, with bursts of twice as many; 0 for no limit
 * @param idleThreads    how long a thread with nothing to do is kept before it ends. Long by default: a native
 *                       library (ONNX Runtime) keeps memory per thread that ran it, so threads that come and go make
 *                       the process grow
 */
public record ServerLimits(int workers, int queue, Duration queueWait, int threads, Duration headerTimeout,
                           Duration bodyTimeout, long maxJsonBytes, long maxUploadBytes, int clientRate,
                           Duration idleThreads) {
    /** What both servers use unless told otherwise. */
    public static final ServerLimits DEFAULT = new ServerLimits(64, 512, Duration.ofSeconds(10), 1024,
            Duration.ofSeconds(10), Duration.ofSeconds(30), 4L << 20, 64L << 20, 50, Duration.ofSeconds(60));

    public ServerLimits {
        if (workers < 1 || queue < 0 || threads < workers + 16) {
            throw new IllegalArgumentException("limits need at least one worker, a queue of zero or more and at "
                    + "least 16 threads more than workers, not workers=" + workers + " queue=" + queue
                    + " threads=" + threads);
        }
        if (maxJsonBytes < 1 || maxUploadBytes < 1) {
            throw new IllegalArgumentException("body limits must be positive");
        }
        if (clientRate < 0) {
            throw new IllegalArgumentException("the client rate must be 0 (none) or more, not " + clientRate);
        }
        requirePositive(queueWait, "queueWait");
        requirePositive(headerTimeout, "headerTimeout");
        requirePositive(bodyTimeout, "bodyTimeout");
        requirePositive(idleThreads, "idleThreads");
    }

    public ServerLimits withWorkers(int newWorkers, int newQueue) {
        return new ServerLimits(newWorkers, newQueue, queueWait, Math.max(threads, newWorkers + newQueue + 64),
                headerTimeout, bodyTimeout, maxJsonBytes, maxUploadBytes, clientRate, idleThreads);
    }

    public ServerLimits withTimeouts(Duration newHeaderTimeout, Duration newBodyTimeout) {
        return new ServerLimits(workers, queue, queueWait, threads, newHeaderTimeout, newBodyTimeout, maxJsonBytes,
                maxUploadBytes, clientRate, idleThreads);
    }

    public ServerLimits withMaxUploadBytes(long bytes) {
        return new ServerLimits(workers, queue, queueWait, threads, headerTimeout, bodyTimeout, maxJsonBytes, bytes,
                clientRate, idleThreads);
    }

    /** @param requestsPerSecond per client for {@link RateLimited} resources, 0 for no limit */
    public ServerLimits withClientRate(int requestsPerSecond) {
        return new ServerLimits(workers, queue, queueWait, threads, headerTimeout, bodyTimeout, maxJsonBytes,
                maxUploadBytes, requestsPerSecond, idleThreads);
    }

    public ServerLimits withIdleThreads(Duration keep) {
        return new ServerLimits(workers, queue, queueWait, threads, headerTimeout, bodyTimeout, maxJsonBytes,
                maxUploadBytes, clientRate, keep);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
    }
}
