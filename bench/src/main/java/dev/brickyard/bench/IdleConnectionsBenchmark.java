package dev.brickyard.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.http.server.JerseyServer;
import dev.brickyard.tools.pack.BrickPacker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One client's latency on a real host while many other connections are open and do nothing useful (issue 11:
 * host latency under 2,000 idle connections ÷ none ≤ 1.1). A {@link HostServer} on a random loopback port (the
 * fp32 base model, serving settings, the {@code brickyard/topic} head installed over HTTP) answers one client that
 * sends single-text {@code POST /v1/infer} requests naming the head, one at a time, on one keep-alive HTTP/1.1
 * connection. Windows of four kinds take turns in rotated rounds:
 * <ol>
 *   <li><b>none</b>: no other connections (the anchor);</li>
 *   <li><b>idle</b>: {@code --connections} TCP connections that connected and never send a byte;</li>
 *   <li><b>slow headers</b> (slowloris): each sent a request line and two headers, but not the blank line that
 *   ends them;</li>
 *   <li><b>half-sent uploads</b>: each sent the full headers of {@code POST /v1/bricks} with
 *   {@code Content-Length: 1000000} and the first {@value #UPLOAD_SENT_BYTES} bytes of the body.</li>
 * </ol>
 * The connections of a window are opened before it, all at once (every connect started without waiting, then each
 * sends its opening as soon as it is connected), held through it and closed after it: every window starts with fresh
 * connections, so a server's idle or read timeout longer than the time from the opening to the window's end does not
 * show, and whatever the server does to them before then does. (Opened one after another, 2,000 connections took
 * about 30 s: the JDK server listens with a backlog of 50, and each time it fell behind a connect waited a second for
 * its SYN to be sent again.) Before the window starts the benchmark waits until the process's thread count and open
 * files have settled. During the window a {@code GET /v1/health} on a new connection is sent once a second, which
 * must answer within 1 s. At its end the benchmark, still holding the connections, reads each without blocking to
 * count those the server answered or closed (they are not reopened), then takes the process's thread count
 * ({@link ThreadMXBean}; the host runs in this process, so it counts the client's few threads too), how many of those
 * threads are runnable (a thread blocked reading a socket is), the peak since the opening, the open file descriptors
 * (both ends of every connection are in this process) and the resident memory (VmRSS after a full collection).
 * Requests that fail or answer anything but 200 are counted, not timed.
 *
 * <p>Run: {@code mvn -q -pl bench exec:java -Dexec.mainClass=dev.brickyard.bench.IdleConnectionsBenchmark}
 * (options, with their defaults: {@code --connections 2000 --rounds 5 --window-seconds 5}; one warm-up round of
 * 2 s windows comes first).
 */
public final class IdleConnectionsBenchmark {
    private static final double IDLE_TARGET = 1.1;
    /** What counts as the host still answering a new client. */
    private static final Duration HEALTH_LIMIT = Duration.ofSeconds(1);
    private static final long HEALTH_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The measured client gives up on a request after this long and counts it as failed. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 10;
    private static final int UPLOAD_DECLARED_BYTES = 1_000_000;
    private static final int UPLOAD_SENT_BYTES = 16 * 1024;
    /** The client's end, the host's end and (for an upload) the host's staging file. */
    private static final int FILES_PER_CONNECTION = 3;
    /** Jars, the model, Felix's bundle cache and the rest of the JVM. */
    private static final int FILES_BESIDES = 1024;
    /** How long the connections of a window may take to connect and send their opening. */
    private static final long OPEN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The thread and open-file counts must stay the same this long before a window starts ... */
    private static final long SETTLED_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** ... but the benchmark waits no longer than this for them. */
    private static final long SETTLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final int WARMUP_ROUNDS = 1;
    private static final int WARMUP_WINDOW_SECONDS = 2;

    /** The kinds of window, in the order they first come in a round; the first is the anchor. */
    private enum Kind {
        NONE("(a) no other connections"),
        IDLE("(b) %d idle connections"),
        SLOW_HEADERS("(c) %d with headers unfinished"),
        HALF_UPLOADS("(d) %d half-sent uploads");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label(int connections) {
            return String.format(Locale.ROOT, label, connections);
        }

        /** What each connection of this kind sends once connected, then nothing more. */
        byte[] opening(URI host) {
            String authority = host.getHost() + ":" + host.getPort();
            return switch (this) {
                case NONE, IDLE -> new byte[0];
                case SLOW_HEADERS -> ascii("GET /v1/health HTTP/1.1\r\nHost: " + authority
                        + "\r\nAccept: application/json\r\n");
                case HALF_UPLOADS -> {
                    byte[] headers = ascii("POST /v1/bricks HTTP/1.1\r\nHost: " + authority
                            + "\r\nContent-Type: application/java-archive\r\nContent-Length: " + UPLOAD_DECLARED_BYTES
                            + "\r\n\r\n");
                    byte[] opening = new byte[headers.length + UPLOAD_SENT_BYTES];
                    System.arraycopy(headers, 0, opening, 0, headers.length);
                    byte[] body = BrickBundles.incompressible(UPLOAD_SENT_BYTES, 11);
                    System.arraycopy(body, 0, opening, headers.length, body.length);
                    yield opening;
                }
            };
        }
    }

    private record Options(int connections, int rounds, int windowSeconds) {
        static Options parse(String[] args) {
            int connections = 2000;
            int rounds = 5;
            int window = 5;
            for (int i = 0; i + 1 < args.length; i += 2) {
                int value = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "--connections" -> connections = value;
                    case "--rounds" -> rounds = value;
                    case "--window-seconds" -> window = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (connections < 1 || rounds < 1 || window < 1) {
                throw new IllegalArgumentException("--connections, --rounds and --window-seconds must be at least 1");
            }
            return new Options(connections, rounds, window);
        }
    }

    /**
     * The host under test and its clients.
     *
     * @param http   the measured client's one keep-alive connection
     * @param health health checks, each on a new connection
     * @param bodies the infer requests the measured client sends in turn
     */
    private record Target(URI uri, HostServerBenchmark.Http http, HttpProbe health, List<String> bodies) {
        InetSocketAddress address() {
            return new InetSocketAddress(uri.getHost(), uri.getPort());
        }
    }

    /** What the windows of one kind measured, added up over the rounds. */
    private static final class Tally {
        final LatencySamples latencies = new LatencySamples();
        final Map<String, Integer> failures = new TreeMap<>();
        final LatencySamples health = new LatencySamples();
        final Map<String, Integer> serverAnswers = new TreeMap<>();
        int healthInTime;
        long opened;
        long notOpened;
        long closedByServer;
        long answeredByServer;
        int threads;
        int runnableThreads;
        int peakThreads;
        long openFiles;
        long residentBytes;

        void fail(String why) {
            failures.merge(why, 1, Integer::sum);
        }

        int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        checkFileLimit(options.connections());
        Path home = Path.of(System.getProperty("brickyard.home", ".."));
        List<String> bodies = HostServerBenchmark.loadTexts(home.resolve("bundles/topic/data/heldout.tsv")).stream()
                .map(text -> HostServerBenchmark.inferBody(text, HostServerBenchmark.TOPIC)).toList();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newCachedThreadPool();
        long started = System.nanoTime();
        // Production logging (one line per request, warnings with their stack traces) into a file, not the report.
        try (ScratchFolder scratch = ScratchFolder.withRequestLog("idle-bench-");
             HostServer server = HostServer.start(BrickHost.open(HostOptions.defaults().forServing()),
                     "127.0.0.1", 0, null)) {
            HostServerBenchmark.Http http = new HostServerBenchmark.Http(server.uri());
            Path topicJar = scratch.path().resolve("topic.jar");
            new BrickPacker().pack(home.resolve("bundles/topic/brick"), topicJar);
            http.expect(201, http.sendBundle("POST", "v1/bricks", topicJar));
            String answeredBy = HostServerBenchmark.JSON.readTree(http.expect(200,
                    http.send("POST", "v1/infer", bodies.get(0)))).path("bricks").path(0).asText();
            if (!answeredBy.startsWith(HostServerBenchmark.TOPIC + "@")) {
                throw new IllegalStateException("the infer request was answered by '" + answeredBy + "'");
            }
            List<Class<?>> serverCode = List.of(JerseyServer.class, HostServer.class);
            String code = codeOf(serverCode);
            printSetting(options, server, threads, code);

            List<Tally> tallies = new ArrayList<>();
            for (Kind kind : Kind.values()) {
                tallies.add(new Tally());
            }
            Target target = new Target(server.uri(), http, new HttpProbe(server.uri()), bodies);
            int kinds = Kind.values().length;
            for (int round = 0; round < WARMUP_ROUNDS + options.rounds(); round++) {
                boolean recorded = round >= WARMUP_ROUNDS;
                int seconds = recorded ? options.windowSeconds() : WARMUP_WINDOW_SECONDS;
                for (int turn = 0; turn < kinds; turn++) {
                    Kind kind = Kind.values()[(round + turn) % kinds];
                    Tally tally = recorded ? tallies.get(kind.ordinal()) : new Tally();
                    String report = window(kind, options.connections(), seconds, target, threads, pool, tally);
                    System.out.printf(Locale.ROOT, "%s %d, %s: %s%n", recorded ? "round" : "warm-up",
                            recorded ? round + 1 - WARMUP_ROUNDS : round + 1, kind.label(options.connections()),
                            report);
                }
            }
            report(options, tallies);
            if (!codeOf(serverCode).equals(code)) {
                System.out.println("WARNING: the server's jars changed during the run (" + codeOf(serverCode)
                        + "); the classes loaded before may not match those loaded after");
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "whole run: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * Opens this kind's connections, lets the process settle, measures the one client for the window while a health
     * check runs once a second, then reads what the server did to the connections and what the process holds, and
     * closes them.
     *
     * @return one line on what happened, for the log of the run
     */
    private static String window(Kind kind, int connections, int seconds, Target target, ThreadMXBean threads,
                                 ExecutorService pool, Tally tally) throws Exception {
        threads.resetPeakThreadCount();
        long openStart = System.nanoTime();
        try (HeldConnections held = HeldConnections.open(target.address(), kind == Kind.NONE ? 0 : connections,
                kind.opening(target.uri()), OPEN_LIMIT_NANOS)) {
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            settle(threads);
            held.readWhatServerSent();
            int closedBefore = held.closedByServer();
            long windowStart = System.nanoTime();
            long deadline = windowStart + TimeUnit.SECONDS.toNanos(seconds);
            Future<?> healthChecks = pool.submit(() -> {
                checkHealth(target.health(), deadline, tally);
                return null;
            });
            LatencySamples latencies = new LatencySamples();
            int failed = measureClient(target, deadline, latencies, tally);
            healthChecks.get();

            held.readWhatServerSent();
            int threadCount = threads.getThreadCount();
            int runnable = runnableThreads(threads);
            int peak = threads.getPeakThreadCount();
            long openFiles = openFiles();
            InsideBricksBenchmark.Memory memory = InsideBricksBenchmark.Memory.now();
            tally.opened += held.opened();
            tally.notOpened += held.notOpened();
            tally.closedByServer += held.closedByServer();
            tally.answeredByServer += held.answeredByServer();
            held.serverAnswers().forEach((line, count) -> tally.serverAnswers.merge(line, count, Integer::sum));
            tally.threads = Math.max(tally.threads, threadCount);
            tally.runnableThreads = Math.max(tally.runnableThreads, runnable);
            tally.peakThreads = Math.max(tally.peakThreads, peak);
            tally.openFiles = Math.max(tally.openFiles, openFiles);
            tally.residentBytes = Math.max(tally.residentBytes, memory.residentBytes());
            return String.format(Locale.ROOT, "opened %d in %.2f s%s%s, window from %.1f s after; %d requests "
                            + "answered (p50 %s ms), %d failed; threads %d (runnable %d, peak %d), %d open files, "
                            + "VmRSS %.0f MB; closed by the server %d (%d before the window), answered by it %d%s",
                    held.opened(), openSeconds, held.notOpened() == 0 ? "" : " (" + held.notOpened()
                            + " did not open: " + held.firstFailure() + ")", held.partlySent() == 0 ? ""
                            : " (" + held.partlySent() + " could not send all of their opening)",
                    (windowStart - openStart) / 1e9, latencies.count(), millis(latencies, 0.5), failed, threadCount,
                    runnable, peak, openFiles, memory.residentBytes() / 1e6, held.closedByServer(), closedBefore,
                    held.answeredByServer(), held.serverAnswers().isEmpty() ? "" : " " + held.serverAnswers());
        } finally {
            // The next window starts after the server has let go of these connections.
            settle(threads);
        }
    }

    /**
     * The measured client: one request at a time until the deadline. A request that fails or is refused is counted
     * and followed by a pause of {@value #PAUSE_AFTER_FAILURE_MILLIS} ms, so that a server refusing at once is not
     * flooded with new connections.
     *
     * @param latencies this window's, added to the tally's as well
     * @return the requests that failed
     */
    private static int measureClient(Target target, long deadline, LatencySamples latencies, Tally tally)
            throws InterruptedException {
        List<String> bodies = target.bodies();
        int failed = 0;
        for (int i = 0; System.nanoTime() < deadline; i++) {
            long start = System.nanoTime();
            String failure;
            try {
                HttpResponse<String> response = target.http().send("POST", "v1/infer",
                        bodies.get(i % bodies.size()), REQUEST_TIMEOUT);
                long nanos = System.nanoTime() - start;
                if (response.statusCode() == 200) {
                    latencies.add(nanos);
                    tally.latencies.add(nanos);
                    continue;
                }
                failure = "HTTP " + response.statusCode();
            } catch (IOException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            tally.fail(failure);
            failed++;
            Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
        }
        return failed;
    }

    /** Once a second until the deadline, {@code GET /v1/health} on a new connection; it must answer in 1 s. */
    private static void checkHealth(HttpProbe probe, long deadline, Tally tally) {
        for (long next = System.nanoTime() + HEALTH_PERIOD_NANOS / 2; next < deadline; ) {
            LockSupport.parkNanos(next - System.nanoTime());
            long start = System.nanoTime();
            boolean answered;
            try {
                probe.downloadOverSocket("v1/health", HEALTH_LIMIT);
                answered = true;
            } catch (IOException | IllegalStateException e) {
                answered = false;
            }
            long nanos = System.nanoTime() - start;
            synchronized (tally) {
                tally.health.add(nanos);
                if (answered && nanos <= HEALTH_LIMIT.toNanos()) {
                    tally.healthInTime++;
                }
            }
            next = Math.max(next + HEALTH_PERIOD_NANOS, System.nanoTime());
        }
    }

    /**
     * Waits until the process's thread count and open files have not changed for a while (at most
     * {@link #SETTLE_LIMIT_NANOS}): the server has accepted (or dropped) the connections and started (or not) a thread
     * for each.
     */
    private static void settle(ThreadMXBean threads) throws InterruptedException {
        long start = System.nanoTime();
        long since = start;
        int threadCount = threads.getThreadCount();
        long files = openFiles();
        while (System.nanoTime() - since < SETTLED_NANOS && System.nanoTime() - start < SETTLE_LIMIT_NANOS) {
            Thread.sleep(100);
            if (threads.getThreadCount() != threadCount || openFiles() != files) {
                threadCount = threads.getThreadCount();
                files = openFiles();
                since = System.nanoTime();
            }
        }
    }

    private static int runnableThreads(ThreadMXBean threads) {
        int runnable = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && info.getThreadState() == Thread.State.RUNNABLE) {
                runnable++;
            }
        }
        return runnable;
    }

    private static long openFiles() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount() : -1;
    }

    /** Refuses to start when this process may not open enough files for the connections it is asked to hold. */
    private static void checkFileLimit(int connections) {
        long needed = (long) connections * FILES_PER_CONNECTION + FILES_BESIDES;
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix)) {
            System.out.println("cannot read this process's limit on open files; hoping for at least " + needed);
            return;
        }
        long limit = unix.getMaxFileDescriptorCount();
        if (limit < needed) {
            throw new IllegalStateException(String.format(Locale.ROOT, "this process may open %d files (ulimit -n), "
                            + "but %d connections need about %d: %d for each (both ends are in this process, and the "
                            + "host stages a half-sent upload in a file) and %d besides. Raise the limit (ulimit -n %d) "
                            + "or pass --connections %d or fewer.", limit, connections, needed, FILES_PER_CONNECTION,
                    FILES_BESIDES, needed, Math.max(0, (limit - FILES_BESIDES) / FILES_PER_CONNECTION)));
        }
    }

    // ---- reports -------------------------------------------------------------------------------------------------

    /**
     * Where the server's code comes from: the jar (or folder) of each class, its time and the start of its SHA-256.
     * The server modules' jars are whatever was last installed, so a report must say which it measured.
     */
    private static String codeOf(List<Class<?>> classes) throws IOException, NoSuchAlgorithmException {
        List<String> sources = new ArrayList<>();
        for (Class<?> type : classes) {
            Path source = Path.of(URI.create(type.getProtectionDomain().getCodeSource().getLocation().toString()));
            if (Files.isRegularFile(source)) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(source));
                sources.add(String.format(Locale.ROOT, "%s from %s (%s, sha256 %s)", type.getSimpleName(), source,
                        Files.getLastModifiedTime(source), HexFormat.of().formatHex(digest, 0, 6)));
            } else {
                sources.add(type.getSimpleName() + " from " + source);
            }
        }
        return String.join("; ", sources);
    }

    private static void printSetting(Options options, HostServer server, ThreadMXBean threads, String code) {
        Map<String, String> serverProperties = new TreeMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("sun.net.httpserver.")) {
                serverProperties.put(key.toString(), value.toString());
            }
        });
        System.out.printf(Locale.ROOT, "host %s; %d cores; %d connections per window, %d rounds of %d s windows "
                        + "(+%d warm-up round of %d s); open files allowed: %s%n", server.uri(),
                Runtime.getRuntime().availableProcessors(), options.connections(), options.rounds(),
                options.windowSeconds(), WARMUP_ROUNDS, WARMUP_WINDOW_SECONDS,
                ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                        ? String.valueOf(unix.getMaxFileDescriptorCount()) : "unknown");
        System.out.printf(Locale.ROOT, "%s%nJDK HTTP server properties %s; %d threads before the first window%n", code,
                serverProperties, threads.getThreadCount());
    }

    private static void report(Options options, List<Tally> tallies) {
        Tally anchor = tallies.get(Kind.NONE.ordinal());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %8s %6s %8s %8s %7s %7s %7s %8s %7s %7s %7s %9s %9s %7s %8s%n",
                "one client, POST /v1/infer", "requests", "failed", "p50 ms", "p99 ms", "p50÷a", "p99÷a", "threads",
                "runnable", "peak", "files", "RSS MB", "closed", "answered", "health", "hlth max");
        for (Kind kind : Kind.values()) {
            Tally tally = tallies.get(kind.ordinal());
            boolean timed = tally.latencies.count() > 0 && anchor.latencies.count() > 0;
            System.out.printf(Locale.ROOT, "%-34s %8d %6d %8s %8s %7s %7s %7d %8d %7d %7d %7.0f %9s %9s %7s %8.1f%n",
                    kind.label(options.connections()), tally.latencies.count(), tally.failed(),
                    millis(tally.latencies, 0.5), millis(tally.latencies, 0.99),
                    timed ? ratio(tally, anchor, 0.5) : "-", timed ? ratio(tally, anchor, 0.99) : "-",
                    tally.threads, tally.runnableThreads, tally.peakThreads, tally.openFiles,
                    tally.residentBytes / 1e6, kind == Kind.NONE ? "" : tally.closedByServer + "/" + tally.opened,
                    kind == Kind.NONE ? "" : tally.answeredByServer + "/" + tally.opened,
                    tally.healthInTime + "/" + tally.health.count(), tally.health.percentileMillis(1));
        }
        System.out.println("threads, runnable, files, RSS: the most at the end of any window of the kind, connections "
                + "still held (RSS after a full GC); peak: the most threads at any moment from a window's opening to "
                + "its end (threads the window before left included); closed/answered: connections the server closed or wrote to by the end of their window, "
                + "of those opened; health: GET /v1/health on a new connection answered within 1 s, of those sent, "
                + "and the slowest in ms");
        for (Kind kind : Kind.values()) {
            Tally tally = tallies.get(kind.ordinal());
            if (!tally.failures.isEmpty() || tally.notOpened > 0 || !tally.serverAnswers.isEmpty()) {
                System.out.printf(Locale.ROOT, "%s: failed requests %s, connections that did not open %d, what the "
                                + "server answered them %s%n", kind.label(options.connections()), tally.failures,
                        tally.notOpened, tally.serverAnswers);
            }
        }
        Tally idle = tallies.get(Kind.IDLE.ordinal());
        if (idle.latencies.count() > 0 && anchor.latencies.count() > 0) {
            double ratio = idle.latencies.percentileMillis(0.5) / anchor.latencies.percentileMillis(0.5);
            System.out.printf(Locale.ROOT, "p50 with %d idle connections / none: %.3f (target <= %.1f): %s%n",
                    options.connections(), ratio, IDLE_TARGET, ratio <= IDLE_TARGET ? "met" : "NOT met");
        }
    }

    private static String millis(LatencySamples samples, double quantile) {
        return samples.count() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", samples.percentileMillis(quantile));
    }

    private static String ratio(Tally tally, Tally anchor, double quantile) {
        return String.format(Locale.ROOT, "%.3f",
                tally.latencies.percentileMillis(quantile) / anchor.latencies.percentileMillis(quantile));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The other connections of one window, non-blocking, so that their opening can be sent to all at once and what the
     * server sends back, or its closing, can be read without waiting. A connection the server closed stays closed.
     */
    private static final class HeldConnections implements AutoCloseable {
        private final List<SocketChannel> channels = new ArrayList<>();
        private final BitSet closed = new BitSet();
        private final BitSet answered = new BitSet();
        /** The first line of each different thing the server wrote, and on how many connections. */
        private final Map<String, Integer> serverAnswers = new TreeMap<>();
        private int notOpened;
        /** Connected, but the whole opening could not be sent in time (the server did not read it). */
        private int partlySent;
        private String firstFailure;

        /**
         * Opens {@code count} connections at once (all connects started, then completed as the server accepts them,
         * as many clients arriving together would) and sends each its opening, waiting up to {@code timeoutNanos}.
         * A connection that does not connect in that time, or fails to, is counted as not opened.
         */
        static HeldConnections open(InetSocketAddress address, int count, byte[] opening, long timeoutNanos)
                throws IOException {
            HeldConnections held = new HeldConnections();
            int pending = 0;
            try (Selector selector = Selector.open()) {
                for (int i = 0; i < count; i++) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    try {
                        int interest = channel.connect(address) ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT;
                        channel.register(selector, interest, ByteBuffer.wrap(opening));
                        pending++;
                    } catch (IOException e) {
                        held.notOpened(channel, e);
                    }
                }
                long deadline = System.nanoTime() + timeoutNanos;
                while (pending > 0 && System.nanoTime() < deadline) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        SocketChannel channel = (SocketChannel) key.channel();
                        ByteBuffer rest = (ByteBuffer) key.attachment();
                        try {
                            if (key.isConnectable() && channel.finishConnect()) {
                                key.interestOps(SelectionKey.OP_WRITE);
                            } else if (key.isWritable()) {
                                channel.write(rest);
                            }
                            if (channel.isConnected() && !rest.hasRemaining()) {
                                key.cancel();
                                held.channels.add(channel);
                                pending--;
                            }
                        } catch (IOException e) {
                            key.cancel();
                            pending--;
                            if (channel.isConnected()) {
                                // The server closed it while it was sending its opening.
                                held.closed.set(held.channels.size());
                                held.channels.add(channel);
                            } else {
                                held.notOpened(channel, e);
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
                for (SelectionKey key : selector.keys()) {
                    if (!key.isValid()) {
                        continue; // done in the last turn of the loop
                    }
                    SocketChannel channel = (SocketChannel) key.channel();
                    if (channel.isConnected()) {
                        held.partlySent++;
                        held.channels.add(channel);
                    } else {
                        held.notOpened(channel, new IOException("not connected after "
                                + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s"));
                    }
                }
            }
            return held;
        }

        private void notOpened(SocketChannel channel, IOException why) throws IOException {
            notOpened++;
            if (firstFailure == null) {
                firstFailure = why.toString();
            }
            channel.close();
        }

        int opened() {
            return channels.size();
        }

        int notOpened() {
            return notOpened;
        }

        String firstFailure() {
            return firstFailure;
        }

        int partlySent() {
            return partlySent;
        }

        int closedByServer() {
            return closed.cardinality();
        }

        int answeredByServer() {
            return answered.cardinality();
        }

        Map<String, Integer> serverAnswers() {
            return serverAnswers;
        }

        /** Reads whatever each open connection has received, noting answers and closings (end of stream or reset). */
        void readWhatServerSent() {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            for (int i = 0; i < channels.size(); i++) {
                if (closed.get(i)) {
                    continue;
                }
                try {
                    for (int read = channels.get(i).read(buffer.clear()); read != 0;
                         read = channels.get(i).read(buffer.clear())) {
                        if (read < 0) {
                            closed.set(i);
                            break;
                        }
                        if (!answered.get(i)) {
                            answered.set(i);
                            serverAnswers.merge(firstLine(buffer.flip()), 1, Integer::sum);
                        }
                    }
                } catch (IOException e) {
                    closed.set(i);
                }
            }
        }

        private static String firstLine(ByteBuffer bytes) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (bytes.hasRemaining() && line.size() < 80) {
                byte b = bytes.get();
                if (b == '\r' || b == '\n') {
                    break;
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            for (SocketChannel channel : channels) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing is best effort; the server sees the end of the connection either way
                }
            }
        }
    }
}
