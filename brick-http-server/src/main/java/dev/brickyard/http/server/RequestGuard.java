package dev.brickyard.http.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.brickyard.http.problem.ErrorCode;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Runs a server's exchanges within its {@link ServerLimits}: at most {@code threads} threads, at most
 * {@code workers} requests handled at once with {@code queue} more waiting, and a watchdog that closes a connection
 * whose headers take longer than the header timeout or whose body goes quiet for longer than the body timeout.
 *
 * <p>The JDK's HTTP server reads a request's line and headers on the executor's thread, blocking; so every exchange
 * runs under a {@link Watch} that says what its thread is waiting for. The watchdog interrupts a thread blocked on a
 * stale read, which closes the connection (the socket channel is interruptible); a thread is interrupted only while
 * it reads, never while it works.
 */
final class RequestGuard implements Executor, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RequestGuard.class.getName());
    private static final ThreadLocal<Watch> CURRENT = new ThreadLocal<>();
    private static final long WATCHDOG_PERIOD_MILLIS = 250;
    private static final long REJECTION_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ServerLimits limits;
    private final ThreadPoolExecutor threads;
    private final ScheduledExecutorService watchdog;
    private final Semaphore workers;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Set<Watch> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger closedSlow = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger rejectedLogged = new AtomicInteger();
    private final AtomicLong lastRejectionLog = new AtomicLong(System.nanoTime() - REJECTION_LOG_NANOS - 1);

    RequestGuard(ServerLimits limits, String threadName) {
        this.limits = limits;
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, limits.threads(), limits.idleThreads().toMillis(), TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), runnable -> daemon(runnable, threadName + "-" + count.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable,
                threadName + "-watchdog"));
        this.workers = new Semaphore(limits.workers(), true);
        watchdog.scheduleWithFixedDelay(this::closeStale, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Runs one exchange (one request of a connection) on a thread of its own, or throws
     * {@link RejectedExecutionException} when all threads are taken (the JDK server then closes the connection; a
     * warning says how many it closed, at most once every 10 s).
     */
    @Override
    public void execute(Runnable exchange) {
        try {
            threads.execute(() -> run(exchange));
        } catch (RejectedExecutionException e) {
            int count = rejected.incrementAndGet();
            long now = System.nanoTime();
            long last = lastRejectionLog.get();
            if (now - last > REJECTION_LOG_NANOS && lastRejectionLog.compareAndSet(last, now)) {
                int since = count - rejectedLogged.getAndSet(count);
                LOG.warning(() -> "threads_exhausted threads=" + limits.threads() + " closed_connections=" + since
                        + " (one line per 10 s at most)");
            }
            throw e;
        }
    }

    /** Runs one exchange under a watch, and gives back its worker and clears any interrupt when it ends. */
    private void run(Runnable exchange) {
        Watch watch = new Watch(Thread.currentThread());
        running.add(watch);
        CURRENT.set(watch);
        try {
            exchange.run();
        } finally {
            watch.done();
            CURRENT.remove();
            running.remove(watch);
            if (watch.holdsWorker) {
                workers.release();
            }
            Thread.interrupted();
        }
    }

    /**
     * The JDK server's filter on every exchange, run once a request's line and headers have arrived: from here the
     * thread works (the watchdog leaves it alone).
     */
    static final Filter HEADERS_READ = new Filter() {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            Watch watch = CURRENT.get();
            if (watch != null) {
                watch.headersRead();
            }
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "marks a request's headers read";
        }
    };

    /** The exchange the calling thread runs, or null outside one. */
    static Watch current() {
        return CURRENT.get();
    }

    /**
     * Takes a worker for the current request, waiting in the queue if all are busy.
     *
     * @throws RequestRefusedException {@code overloaded} when the queue is full or the wait is over
     */
    void admit(Watch watch) {
        if (watch.holdsWorker) {
            return;
        }
        if (!workers.tryAcquire()) {
            if (waiting.incrementAndGet() > limits.queue()) {
                waiting.decrementAndGet();
                throw overloaded("all " + limits.workers() + " workers are busy and " + limits.queue()
                        + " requests wait");
            }
            try {
                if (!workers.tryAcquire(limits.queueWait().toNanos(), TimeUnit.NANOSECONDS)) {
                    throw overloaded("no worker was free within " + limits.queueWait().toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw overloaded("the server is stopping");
            } finally {
                waiting.decrementAndGet();
            }
        }
        watch.holdsWorker = true;
    }

    private static RequestRefusedException overloaded(String why) {
        return new RequestRefusedException(ErrorCode.OVERLOADED, "the server is at its limit: " + why
                + "; try again shortly", 1);
    }

    ServerLimits limits() {
        return limits;
    }

    /** Requests being handled now (holding a worker). */
    int busyWorkers() {
        return limits.workers() - workers.availablePermits();
    }

    /** Threads the server runs now, reading headers, waiting or working. */
    int threads() {
        return threads.getPoolSize();
    }

    /** Connections closed so far because headers or a body came too slowly. */
    int closedSlow() {
        return closedSlow.get();
    }

    private void closeStale() {
        long now = System.nanoTime();
        for (Watch watch : running) {
            String closed = watch.interruptIfStale(now, limits);
            if (closed != null) {
                closedSlow.incrementAndGet();
                if (closed.startsWith("request headers")) {
                    // A stalled body is logged once, by the problem mapper, with how far it got.
                    LOG.info(() -> "slow_client closed=connection reason=\"" + closed + "\"");
                }
            }
        }
    }

    /** Stops the threads once the server has stopped. */
    @Override
    public void close() {
        watchdog.shutdownNow();
        threads.shutdown();
        try {
            threads.awaitTermination(JerseyServer.SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
    }

    /** Whether no request is being handled, waiting up to a second for ones that are just finishing. */
    boolean settled() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running.isEmpty();
    }

    /** What one exchange's thread is doing, so the watchdog knows whether it may interrupt it. */
    static final class Watch {
        private enum Stage { HEADERS, WORKING, BODY, DONE }

        private final Thread thread;
        private Stage stage = Stage.HEADERS;
        private long since = System.nanoTime();
        private boolean timedOut;
        /** Only the exchange's own thread reads and writes this. */
        private boolean holdsWorker;

        private Watch(Thread thread) {
            this.thread = thread;
        }

        /** The request's headers have arrived; from here the thread works. */
        private synchronized void headersRead() {
            enter(Stage.WORKING);
        }

        /** Whether the request holds a worker (it was admitted); read by the exchange's own thread only. */
        boolean holdsWorker() {
            return holdsWorker;
        }

        /** The thread is about to block on reading the body. */
        synchronized void readingBody() {
            enter(Stage.BODY);
        }

        /** The read returned (or failed). */
        synchronized void bodyRead() {
            enter(Stage.WORKING);
        }

        /** Whether the watchdog closed the connection because the body went quiet. */
        synchronized boolean timedOut() {
            return timedOut;
        }

        private synchronized void done() {
            enter(Stage.DONE);
        }

        private void enter(Stage next) {
            stage = next;
            since = System.nanoTime();
        }

        /** Interrupts the thread if it has waited too long for headers or body bytes; says why, or null if not. */
        private synchronized String interruptIfStale(long now, ServerLimits limits) {
            long waited = now - since;
            String why = switch (stage) {
                case HEADERS -> waited > limits.headerTimeout().toNanos()
                        ? "request headers took longer than " + limits.headerTimeout().toSeconds() + " s" : null;
                case BODY -> waited > limits.bodyTimeout().toNanos()
                        ? "no byte of the body arrived for " + limits.bodyTimeout().toSeconds() + " s" : null;
                default -> null;
            };
            if (why == null) {
                return null;
            }
            timedOut = true;
            stage = Stage.DONE;
            thread.interrupt();
            return why;
        }
    }
}
