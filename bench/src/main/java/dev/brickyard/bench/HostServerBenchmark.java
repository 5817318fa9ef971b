package dev.brickyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.tools.pack.BrickPacker;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The host serving HTTP, in one run against a real {@link HostServer} on a random loopback port (the real fp32 base
 * model, bricks installed over HTTP), driven by Java's {@code HttpClient} on HTTP/1.1 with keep-alive:
 * <ol>
 *   <li><b>Throughput</b> of single-text requests naming the topic head, from 16 concurrent clients and from one
 *   client sending one request at a time, against ONNX Runtime's own batch-32 throughput on the same texts in this
 *   process ({@link RawOnnxPipeline}, the anchor). For context: the same pipeline at batch 16 (the most 16 clients
 *   can give the batcher) and batch 8, LangChain4j's {@code embedAll} of 32 texts (embedding only: the library a Java
 *   user would pick instead), and 16 clients calling {@code GET /v1/health} (HTTP alone, no model). The
 *   contenders take turns in rotated rounds of fixed windows; the host's average batch comes from its
 *   {@code /metrics} counters.</li>
 *   <li><b>Latency steady and during swaps</b>: 4 paced clients together at half the one-client throughput of part
 *   1, in windows with no change, windows during which the brick they name is swapped between two versions back to
 *   back, and windows with 4 such swaps a second; the kinds of window take turns in rotated rounds.</li>
 *   <li><b>Swap time</b>: the duration of {@code PUT /v1/bricks/{ns}/{name}} with the bundle as the body, which
 *   returns once the new version serves (checked after every swap), with no other load.</li>
 *   <li><b>Routing</b>: one client's latency with {@code "route": {"topK": 3, "minScore": -1}} as synthetic heads
 *   (random routing keys) are installed in steps of 1, 3, 100 and 1,000, each step measured in rotated rounds against
 *   a second host that has one head all along; with the time installing took and the resident memory per head.</li>
 * </ol>
 * The clients run in this process, on the same cores as the host.
 *
 * <p>Run: {@code mvn -q -pl bench exec:java -Dexec.mainClass=dev.brickyard.bench.HostServerBenchmark}
 * (options, with their defaults: {@code --window-seconds 8 --rounds 3 --heads 1000 --swaps 50 --routed-rounds 4
 * --max-batch 32 --max-wait-micros 2000 --parts throughput,swaps,routing}; the batch options set the host's batching,
 * and {@code --parts} runs only some of the parts).
 */
public final class HostServerBenchmark {
    static final int CONCURRENT_CLIENTS = 16;
    static final int PACED_CLIENTS = 4;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int LANGCHAIN = 3;
    private static final int SIXTEEN_CLIENTS = 4;
    private static final int ONE_CLIENT = 5;
    /** Routed requests to each host in each turn of a routing round. */
    private static final int ROUTED_PER_TURN = 100;
    /** Swaps per second in the paced swap windows. */
    private static final int PACED_SWAPS_PER_SECOND = 4;
    static final BrickId TOPIC = BrickId.parse("brickyard/topic");
    private static final BrickId LIVE = BrickId.parse("bench/live");

    private record Options(int windowSeconds, int rounds, int heads, int swaps, int routedRounds, int maxBatch,
                           long maxWaitMicros, Set<String> parts) {
        static Options parse(String[] args) {
            int window = 8;
            int rounds = 3;
            int heads = 1000;
            int swaps = 50;
            int routed = 4;
            int maxBatch = HostOptions.DEFAULT_MAX_BATCH;
            long maxWait = HostOptions.DEFAULT_MAX_WAIT_MICROS;
            Set<String> parts = Set.of("throughput", "swaps", "routing");
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (args[i].equals("--parts")) {
                    parts = Set.of(args[i + 1].split(","));
                    continue;
                }
                int value = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "--window-seconds" -> window = value;
                    case "--rounds" -> rounds = value;
                    case "--heads" -> heads = value;
                    case "--swaps" -> swaps = value;
                    case "--routed-rounds" -> routed = value;
                    case "--max-batch" -> maxBatch = value;
                    case "--max-wait-micros" -> maxWait = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (heads < 100) {
                throw new IllegalArgumentException("--heads must be at least 100");
            }
            return new Options(window, rounds, heads, swaps, routed, maxBatch, maxWait, parts);
        }

        long windowNanos() {
            return TimeUnit.SECONDS.toNanos(windowSeconds);
        }

        /** As {@code brick host serve} runs it: the base model's threads sleep between runs. */
        HostOptions host() {
            return HostOptions.defaults().forServing().withBatching(maxBatch, maxWaitMicros);
        }
    }

    /** One throughput contender: works until the deadline, records request latencies if it has any. */
    private interface Load {
        /** Texts answered. */
        long run(long deadlineNanos, LatencySamples latencies) throws Exception;
    }

    /** Texts answered and time taken by one contender over all its windows; latencies when it sends requests. */
    private static final class Throughput {
        final String name;
        final Load load;
        /** Whether it answers texts, so that the ratios to the anchor mean something. */
        final boolean answersTexts;
        final LatencySamples latencies = new LatencySamples();
        long texts;
        long nanos;
        long batchRuns;
        long batchTexts;

        Throughput(String name, Load load) {
            this(name, true, load);
        }

        Throughput(String name, boolean answersTexts, Load load) {
            this.name = name;
            this.answersTexts = answersTexts;
            this.load = load;
        }

        double textsPerSecond() {
            return texts / (nanos / 1e9);
        }
    }

    /**
     * Routed latency with {@code bricks} heads installed, and of the anchor host (one head) in the same rounds.
     *
     * @param heapCommittedBytes the Java heap the process holds (part of the resident memory)
     */
    private record Level(int bricks, int answersPerText, LatencySamples latencies, LatencySamples anchor,
                         long residentBytes, long heapCommittedBytes) {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path home = Path.of(System.getProperty("brickyard.home", ".."));
        List<String> texts = loadTexts(home.resolve("bundles/topic/data/heldout.tsv"));
        Path scratch = Files.createTempDirectory("host-bench-");
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newCachedThreadPool();
        long started = System.nanoTime();
        try (HostServer server = HostServer.start(BrickHost.open(options.host()), "127.0.0.1", 0, null);
             HostServer oneHead = HostServer.start(BrickHost.open(options.host()), "127.0.0.1", 0, null);
             RawOnnxPipeline raw = new RawOnnxPipeline(BaseModelVariant.FP32.onnxResource(),
                     "all-minilm-l6-v2-tokenizer.json",
                     Files.readAllBytes(home.resolve("bundles/topic/brick/head.onnx")), threads)) {
            Http http = new Http(server.uri());
            Path topicJar = scratch.resolve("topic.jar");
            new BrickPacker().pack(home.resolve("bundles/topic/brick"), topicJar);
            http.expect(201, http.sendBundle("POST", "v1/bricks", topicJar));
            checkSameAnswers(http, raw, texts);
            System.out.printf(Locale.ROOT, "%d texts, %d cores, ONNX Runtime intra-op threads %d, host batching: max %d, "
                            + "wait %d us; windows of %d s, %d rounds%n", texts.size(), threads, threads,
                    options.maxBatch(), options.maxWaitMicros(), options.windowSeconds(), options.rounds());

            double oneClient;
            if (options.parts().contains("throughput")) {
                List<Throughput> throughput = measureThroughput(http, raw, new AllMiniLmL6V2EmbeddingModel(),
                        texts, pool, options);
                reportThroughput(throughput);
                oneClient = throughput.get(ONE_CLIENT).textsPerSecond();
            } else {
                List<String> bodies = texts.stream().map(text -> inferBody(text, TOPIC)).toList();
                long start = System.nanoTime();
                long done = closedLoop(http, bodies, 1, start + TimeUnit.SECONDS.toNanos(3), pool,
                        new LatencySamples());
                oneClient = done / ((System.nanoTime() - start) / 1e9);
            }
            if (!options.parts().contains("swaps") && !options.parts().contains("routing")) {
                return;
            }

            BrickBundles bundles = new BrickBundles(scratch.resolve("bundles"));
            Path live1 = bundles.head(LIVE, "1.0.0", new byte[0]);
            Path live2 = bundles.head(LIVE, "2.0.0", new byte[0]);
            http.expect(201, http.sendBundle("POST", "v1/bricks", live1));
            if (options.parts().contains("swaps")) {
                LatencySamples swaps = measureSwaps(http, live1, live2, texts, options.swaps());
                double pacedRate = oneClient / 2;
                reportSwaps(measureSteadyAndSwapping(http, live1, live2, texts, pool, pacedRate, options), swaps,
                        pacedRate);
            }

            http.expect(204, http.send("DELETE", "v1/bricks/" + TOPIC, null));
            http.expect(204, http.send("DELETE", "v1/bricks/" + LIVE, null));
            if (options.parts().contains("routing")) {
                measureRouting(http, new Http(oneHead.uri()), bundles, texts, options);
            }
        } finally {
            pool.shutdownNow();
            deleteTree(scratch);
        }
        System.out.printf(Locale.ROOT, "whole run: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    // ---- 1. throughput -------------------------------------------------------------------------------------------

    private static List<Throughput> measureThroughput(Http http, RawOnnxPipeline raw,
                                                      AllMiniLmL6V2EmbeddingModel langchain, List<String> texts,
                                                      ExecutorService pool, Options options) throws Exception {
        List<String> bodies = texts.stream().map(text -> inferBody(text, TOPIC)).toList();
        List<Throughput> contenders = List.of(
                new Throughput("raw ONNX Runtime batch 32, in-process (anchor)",
                        (deadline, latencies) -> rawBatches(raw, texts, 32, deadline)),
                new Throughput("raw ONNX Runtime batch 16, in-process",
                        (deadline, latencies) -> rawBatches(raw, texts, 16, deadline)),
                new Throughput("raw ONNX Runtime batch 8, in-process",
                        (deadline, latencies) -> rawBatches(raw, texts, 8, deadline)),
                new Throughput("LangChain4j embedAll of 32, in-process",
                        (deadline, latencies) -> langchainBatches(langchain, texts, deadline)),
                new Throughput(CONCURRENT_CLIENTS + " clients, single-text requests, HTTP",
                        (deadline, latencies) -> closedLoop(http, bodies, CONCURRENT_CLIENTS, deadline, pool,
                                latencies)),
                new Throughput("1 client, one request at a time, HTTP",
                        (deadline, latencies) -> closedLoop(http, bodies, 1, deadline, pool, latencies)),
                new Throughput(CONCURRENT_CLIENTS + " clients, GET /v1/health (requests/s)", false,
                        (deadline, latencies) -> closedLoop(http, null, CONCURRENT_CLIENTS, deadline, pool,
                                latencies)));
        int warmup = 1;
        for (int round = 0; round < warmup + options.rounds(); round++) {
            boolean recorded = round >= warmup;
            long window = recorded ? options.windowNanos() : TimeUnit.SECONDS.toNanos(2);
            for (int turn = 0; turn < contenders.size(); turn++) {
                Throughput contender = contenders.get((round + turn) % contenders.size());
                long[] before = http.batchCounters();
                long start = System.nanoTime();
                long done = contender.load.run(start + window,
                        recorded ? contender.latencies : new LatencySamples());
                long nanos = System.nanoTime() - start;
                long[] after = http.batchCounters();
                if (recorded) {
                    contender.texts += done;
                    contender.nanos += nanos;
                    contender.batchRuns += after[0] - before[0];
                    contender.batchTexts += after[1] - before[1];
                }
            }
            System.out.printf(Locale.ROOT, "throughput round %d of %d done%n", round + 1 - warmup, options.rounds());
        }
        return contenders;
    }

    private static long langchainBatches(AllMiniLmL6V2EmbeddingModel langchain, List<String> texts, long deadline) {
        long done = 0;
        for (int from = 0; System.nanoTime() < deadline; from = (from + 32) % (texts.size() - 32 + 1)) {
            langchain.embedAll(texts.subList(from, from + 32).stream().map(TextSegment::from).toList());
            done += 32;
        }
        return done;
    }

    private static long rawBatches(RawOnnxPipeline raw, List<String> texts, int batch, long deadline)
            throws Exception {
        long done = 0;
        for (int from = 0; System.nanoTime() < deadline; from = (from + batch) % (texts.size() - batch + 1)) {
            raw.classify(texts.subList(from, from + batch));
            done += batch;
        }
        return done;
    }

    /**
     * Clients that each send the next request as soon as the last is answered, until the deadline.
     *
     * @param bodies infer requests sent in turn, or null for {@code GET /v1/health} (no model run at all)
     */
    private static long closedLoop(Http http, List<String> bodies, int clients, long deadline, ExecutorService pool,
                                   LatencySamples latencies) throws Exception {
        List<Future<Long>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int first = bodies == null ? 0 : c * bodies.size() / clients;
            running.add(pool.submit(() -> {
                long done = 0;
                for (int i = first; System.nanoTime() < deadline; i++) {
                    long start = System.nanoTime();
                    http.expect(200, bodies == null ? http.send("GET", "v1/health", null)
                            : http.send("POST", "v1/infer", bodies.get(i % bodies.size())));
                    long nanos = System.nanoTime() - start;
                    synchronized (latencies) {
                        latencies.add(nanos);
                    }
                    done++;
                }
                return done;
            }));
        }
        long done = 0;
        for (Future<Long> client : running) {
            done += client.get();
        }
        return done;
    }

    // ---- 2. latency steady and during swaps; 3. swap time --------------------------------------------------------

    /** Swaps back and forth with no other load; after each swap the next request must see the new version. */
    private static LatencySamples measureSwaps(Http http, Path v1, Path v2, List<String> texts, int swaps)
            throws Exception {
        LatencySamples durations = new LatencySamples();
        String probe = inferBody(texts.get(0), LIVE);
        int warmup = 5;
        for (int i = 0; i < warmup + swaps; i++) {
            boolean toV2 = i % 2 == 0;
            long start = System.nanoTime();
            http.expect(200, http.sendBundle("PUT", "v1/bricks/" + LIVE, toV2 ? v2 : v1));
            long nanos = System.nanoTime() - start;
            if (i >= warmup) {
                durations.add(nanos);
            }
            String serving = JSON.readTree(http.expect(200, http.send("POST", "v1/infer", probe)))
                    .path("bricks").path(0).asText();
            String expected = LIVE + "@" + (toV2 ? "2.0.0" : "1.0.0");
            if (!serving.equals(expected)) {
                throw new IllegalStateException("after the swap to " + expected + " the host answered with " + serving);
            }
        }
        return durations;
    }

    /** Kinds of latency window, in the order they first come in a round. */
    private static final List<String> WINDOWS = List.of("steady (no changes)", "during swaps, back to back",
            "during swaps, " + PACED_SWAPS_PER_SECOND + " per second");

    /**
     * Paced clients, in windows without changes, with swaps back to back and with paced swaps, in rotated rounds.
     *
     * @return the latencies of each kind of window (as {@link #WINDOWS}), then the durations of the swaps made
     *         back to back and of the paced ones, under that load
     */
    private static List<LatencySamples> measureSteadyAndSwapping(Http http, Path v1, Path v2, List<String> texts,
                                                                 ExecutorService pool, double ratePerSecond,
                                                                 Options options) throws Exception {
        List<String> bodies = texts.stream().map(text -> inferBody(text, LIVE)).toList();
        List<LatencySamples> samples = Stream.generate(LatencySamples::new).limit(WINDOWS.size() + 2).toList();
        long periodNanos = (long) (PACED_CLIENTS * 1e9 / ratePerSecond);
        int warmup = 1;
        for (int round = 0; round < warmup + options.rounds(); round++) {
            boolean recorded = round >= warmup;
            long window = recorded ? options.windowNanos() : TimeUnit.SECONDS.toNanos(2);
            for (int turn = 0; turn < WINDOWS.size(); turn++) {
                int kind = (round + turn) % WINDOWS.size();
                LatencySamples latencies = recorded ? samples.get(kind) : new LatencySamples();
                LatencySamples durations = recorded && kind > 0 ? samples.get(WINDOWS.size() + kind - 1)
                        : new LatencySamples();
                long swapGap = kind == 2 ? TimeUnit.SECONDS.toNanos(1) / PACED_SWAPS_PER_SECOND : 0;
                long deadline = System.nanoTime() + window;
                Future<?> swapper = kind == 0 ? null : pool.submit(() -> {
                    int swaps = 0;
                    for (long next = System.nanoTime(); ; ) {
                        LockSupport.parkNanos(next - System.nanoTime());
                        long start = System.nanoTime();
                        if (start >= deadline) {
                            break;
                        }
                        http.expect(200, http.sendBundle("PUT", "v1/bricks/" + LIVE, swaps % 2 == 0 ? v2 : v1));
                        durations.add(System.nanoTime() - start);
                        swaps++;
                        next = Math.max(next + swapGap, System.nanoTime());
                    }
                    // End on version 1, as the window began, so that the next window's first swap changes something.
                    if (swaps % 2 == 1) {
                        http.expect(200, http.sendBundle("PUT", "v1/bricks/" + LIVE, v1));
                    }
                    return null;
                });
                paced(http, bodies, deadline, periodNanos, pool, latencies);
                if (swapper != null) {
                    swapper.get();
                }
            }
            System.out.printf(Locale.ROOT, "steady/swap round %d of %d done%n", round + 1 - warmup, options.rounds());
        }
        return samples;
    }

    /** {@value #PACED_CLIENTS} clients, each sending one request per period (later if the last is still running). */
    private static void paced(Http http, List<String> bodies, long deadline, long periodNanos, ExecutorService pool,
                              LatencySamples latencies) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < PACED_CLIENTS; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                long next = start + client * periodNanos / PACED_CLIENTS;
                for (int i = client * 40; ; i++) {
                    long now = System.nanoTime();
                    if (next > now) {
                        LockSupport.parkNanos(next - now);
                    }
                    long sent = System.nanoTime();
                    if (sent >= deadline) {
                        return null;
                    }
                    http.expect(200, http.send("POST", "v1/infer", bodies.get(i % bodies.size())));
                    long nanos = System.nanoTime() - sent;
                    synchronized (latencies) {
                        latencies.add(nanos);
                    }
                    next = Math.max(next + periodNanos, System.nanoTime());
                }
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
    }

    // ---- 4. routing over many heads -----------------------------------------------------------------------------

    /**
     * Installs heads into the measured host step by step up to {@code --heads}; at each step, one client's routed
     * requests alternate in rotated rounds between it and the anchor host, which has one head all along.
     */
    private static void measureRouting(Http http, Http anchor, BrickBundles bundles, List<String> texts,
                                       Options options) throws Exception {
        List<String> bodies = texts.stream().map(HostServerBenchmark::routedBody).toList();
        long packStart = System.nanoTime();
        List<Path> heads = new ArrayList<>();
        for (int i = 0; i < options.heads(); i++) {
            heads.add(bundles.head(BrickId.parse(String.format(Locale.ROOT, "bench/head-%04d", i)), "1.0.0",
                    new byte[0]));
        }
        double packSeconds = (System.nanoTime() - packStart) / 1e9;
        anchor.expect(201, anchor.sendBundle("POST", "v1/bricks", heads.get(0)));
        List<Level> levels = new ArrayList<>();
        LatencySamples firstHundred = new LatencySamples();
        LatencySamples lastHundred = new LatencySamples();
        long installNanos = 0;
        int installed = 0;
        for (int level : Stream.of(1, 3, 100, options.heads()).distinct().toList()) {
            while (installed < level) {
                long start = System.nanoTime();
                http.expect(201, http.sendBundle("POST", "v1/bricks", heads.get(installed)));
                long nanos = System.nanoTime() - start;
                installNanos += nanos;
                installed++;
                if (installed <= 100) {
                    firstHundred.add(nanos);
                } else if (installed > Math.max(100, options.heads() - 100)) {
                    lastHundred.add(nanos);
                }
            }
            levels.add(routedLevel(http, anchor, bodies, level, options.routedRounds()));
            System.out.printf(Locale.ROOT, "routing with %d heads measured%n", level);
        }
        reportRouting(levels, packSeconds, installNanos / 1e9, firstHundred, lastHundred);
    }

    /** Checks how many heads answer, reads memory, then times routed requests to both hosts in rotated rounds. */
    private static Level routedLevel(Http http, Http anchor, List<String> bodies, int bricks, int rounds)
            throws Exception {
        JsonNode check = JSON.readTree(http.expect(200, http.send("POST", "v1/infer", bodies.get(0))));
        int answers = check.path("results").path(0).path("answers").size();
        if (answers != Math.min(3, bricks)) {
            throw new IllegalStateException("with " + bricks + " heads a routed request was answered by " + answers);
        }
        // A full collection first, so that the resident memory holds less garbage.
        System.gc();
        Thread.sleep(1000);
        long heapCommitted = Runtime.getRuntime().totalMemory();
        long resident = http.metric("process_resident_memory_bytes");
        int[] next = new int[2];
        List<RotatedRounds.Contender> contenders = new ArrayList<>();
        for (Http host : List.of(anchor, http)) {
            int which = contenders.size();
            contenders.add(new RotatedRounds.Contender(host == anchor ? "anchor" : "measured", ROUTED_PER_TURN,
                    () -> host.expect(200, host.send("POST", "v1/infer", bodies.get(next[which]++ % bodies.size())))));
        }
        List<LatencySamples> samples = RotatedRounds.measure(contenders, 1, rounds);
        return new Level(bricks, answers, samples.get(1), samples.get(0), resident, heapCommitted);
    }

    // ---- reports -------------------------------------------------------------------------------------------------

    private static void reportThroughput(List<Throughput> contenders) {
        Throughput anchor = contenders.get(0);
        Throughput oneClient = contenders.get(ONE_CLIENT);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-48s %9s %8s %8s %9s %10s %10s%n", "throughput", "texts/s", "÷ b32",
                "÷ 1 cli", "avg batch", "p50 ms", "p99 ms");
        for (Throughput contender : contenders) {
            boolean http = contender.latencies.count() > 0;
            System.out.printf(Locale.ROOT, "%-48s %9.1f %8s %8s %9s %10s %10s%n", contender.name,
                    contender.textsPerSecond(), ratio(contender, anchor), ratio(contender, oneClient),
                    contender.batchRuns == 0 ? "" : String.format(Locale.ROOT, "%.2f",
                            (double) contender.batchTexts / contender.batchRuns),
                    http ? String.format(Locale.ROOT, "%.2f", contender.latencies.percentileMillis(0.5)) : "",
                    http ? String.format(Locale.ROOT, "%.2f", contender.latencies.percentileMillis(0.99)) : "");
        }
        double ratio = contenders.get(SIXTEEN_CLIENTS).textsPerSecond() / anchor.textsPerSecond();
        System.out.printf(Locale.ROOT, "%d clients / raw batch 32: %.3f (target >= 0.85): %s%n", CONCURRENT_CLIENTS,
                ratio, ratio >= 0.85 ? "met" : "NOT met");
        double langchain = contenders.get(SIXTEEN_CLIENTS).textsPerSecond()
                / contenders.get(LANGCHAIN).textsPerSecond();
        System.out.printf(Locale.ROOT, "%d clients / LangChain4j embedAll: %.3f (target >= 1.3): %s%n",
                CONCURRENT_CLIENTS, langchain, langchain >= 1.3 ? "met" : "NOT met");
    }

    private static String ratio(Throughput contender, Throughput anchor) {
        return contender.answersTexts ? String.format(Locale.ROOT, "%.3f",
                contender.textsPerSecond() / anchor.textsPerSecond()) : "";
    }

    private static void reportSwaps(List<LatencySamples> windows, LatencySamples swaps, double pacedRate) {
        LatencySamples steady = windows.get(0);
        System.out.println();
        System.out.printf(Locale.ROOT, "%d paced clients, %.0f requests/s together%n", PACED_CLIENTS, pacedRate);
        System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s %8s %10s%n", "latency", "requests", "p50 ms", "p99 ms",
                "max ms", "p99 ÷ st.");
        for (int kind = 0; kind < WINDOWS.size(); kind++) {
            row(WINDOWS.get(kind), windows.get(kind), steady);
        }
        System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s %8s%n", "swap (PUT bundle until it serves)", "swaps",
                "p50 ms", "p99 ms", "max ms");
        row("no other load", swaps, null);
        row("under the paced load, back to back", windows.get(WINDOWS.size()), null);
        row("under the paced load, " + PACED_SWAPS_PER_SECOND + " per second", windows.get(WINDOWS.size() + 1), null);
        double ratio = windows.get(1).percentileMillis(0.99) / steady.percentileMillis(0.99);
        System.out.printf(Locale.ROOT, "p99 during swaps back to back / steady: %.2f (target <= 2): %s%n", ratio,
                ratio <= 2 ? "met" : "NOT met");
    }

    private static void row(String name, LatencySamples samples, LatencySamples anchor) {
        System.out.printf(Locale.ROOT, "%-44s %8d %8.2f %8.2f %8.2f %10s%n", name, samples.count(),
                samples.percentileMillis(0.5), samples.percentileMillis(0.99), samples.percentileMillis(1),
                anchor == null ? "" : String.format(Locale.ROOT, "%.2f",
                        samples.percentileMillis(0.99) / anchor.percentileMillis(0.99)));
    }

    private static void reportRouting(List<Level> levels, double packSeconds, double installSeconds,
                                      LatencySamples firstHundred, LatencySamples lastHundred) {
        Level one = levels.get(0);
        Level most = levels.get(levels.size() - 1);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-40s %7s %7s %7s %8s %8s %8s %8s %7s %7s%n",
                "routed, topK 3, 1 client (anchor: 1 head)", "answers", "p50 ms", "p99 ms", "anc p50", "anc p99",
                "p50 ÷ a", "p99 ÷ a", "RSS MB", "heap MB");
        for (Level level : levels) {
            System.out.printf(Locale.ROOT, "%-40s %7d %7.2f %7.2f %8.2f %8.2f %8.3f %8.3f %7.0f %7.0f%n",
                    level.bricks() + (level.bricks() == 1 ? " head installed" : " heads installed"),
                    level.answersPerText(), level.latencies().percentileMillis(0.5),
                    level.latencies().percentileMillis(0.99), level.anchor().percentileMillis(0.5),
                    level.anchor().percentileMillis(0.99),
                    level.latencies().percentileMillis(0.5) / level.anchor().percentileMillis(0.5),
                    level.latencies().percentileMillis(0.99) / level.anchor().percentileMillis(0.99),
                    level.residentBytes() / 1e6, level.heapCommittedBytes() / 1e6);
        }
        int added = most.bricks() - one.bricks();
        System.out.printf(Locale.ROOT, "packing %d bundles: %.1f s; installing them over HTTP one by one: %.1f s "
                        + "(first 100: p50 %.1f ms%s)%n", most.bricks(), packSeconds, installSeconds,
                firstHundred.percentileMillis(0.5), lastHundred.count() == 0 ? "" : String.format(Locale.ROOT,
                        ", last 100: p50 %.1f ms", lastHundred.percentileMillis(0.5)));
        long outsideHeap = (most.residentBytes() - most.heapCommittedBytes())
                - (one.residentBytes() - one.heapCommittedBytes());
        System.out.printf(Locale.ROOT, "per head, from 1 to %d: %.0f KB resident, %.0f KB resident outside the "
                        + "committed Java heap%n", most.bricks(), (most.residentBytes() - one.residentBytes()) / 1e3 / added,
                outsideHeap / 1e3 / added);
        double ratio = most.latencies().percentileMillis(0.5) / one.latencies().percentileMillis(0.5);
        double sameRounds = most.latencies().percentileMillis(0.5) / most.anchor().percentileMillis(0.5);
        System.out.printf(Locale.ROOT, "%d heads / 1 head at p50: %.3f between steps, %.3f against the anchor in the "
                        + "same rounds (target <= 1.2): %s%n", most.bricks(), ratio, sameRounds,
                sameRounds <= 1.2 ? "met" : "NOT met");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** The host must answer what the anchor computes, or the comparison means nothing. */
    private static void checkSameAnswers(Http http, RawOnnxPipeline raw, List<String> texts) throws Exception {
        List<String> some = texts.subList(0, 8);
        float[][] expected = raw.classify(some);
        ObjectNode body = JSON.createObjectNode();
        body.putArray("texts").addAll(some.stream().map(JSON.getNodeFactory()::textNode).toList());
        body.putArray("bricks").add(TOPIC.toString());
        JsonNode response = JSON.readTree(http.expect(200, http.send("POST", "v1/infer", body.toString())));
        for (int i = 0; i < some.size(); i++) {
            JsonNode probabilities = response.path("results").path(i).path("answers").path(0).path("probabilities");
            int k = 0;
            for (JsonNode probability : probabilities) {
                if (Math.abs(probability.floatValue() - expected[i][k++]) > 1e-4) {
                    throw new IllegalStateException("host and raw pipeline disagree on '" + some.get(i) + "'");
                }
            }
            if (k != expected[i].length) {
                throw new IllegalStateException("the host answered " + k + " probabilities for '" + some.get(i) + "'");
            }
        }
    }

    /** A single-text infer request naming one brick. */
    static String inferBody(String text, BrickId brick) {
        ObjectNode body = JSON.createObjectNode().put("text", text);
        body.putArray("bricks").add(brick.toString());
        return body.toString();
    }

    private static String routedBody(String text) {
        ObjectNode body = JSON.createObjectNode().put("text", text);
        body.putObject("route").put("topK", 3).put("minScore", -1);
        return body.toString();
    }

    /** The texts of a {@code text<TAB>label} file. */
    static List<String> loadTexts(Path tsv) throws IOException {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.isBlank()) {
                texts.add(line.split("\t")[0]);
            }
        }
        return texts;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** One {@code HttpClient} (HTTP/1.1, keep-alive) shared by every client thread, as its pool allows. */
    static final class Http {
        /** How long a request may take before the client gives up, unless a call says otherwise. */
        private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final URI base;

        Http(URI base) {
            this.base = base;
        }

        HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
            return send(method, path, json, REQUEST_TIMEOUT);
        }

        /** As {@link #send(String, String, String)}, giving up after {@code timeout} (an {@code HttpTimeoutException}). */
        HttpResponse<String> send(String method, String path, String json, Duration timeout) throws IOException,
                InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
            if (json == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> sendBundle(String method, String path, Path jar) throws IOException,
                InterruptedException {
            return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/java-archive")
                    .method(method, HttpRequest.BodyPublishers.ofFile(jar)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** The body, when the status is the expected one. */
        String expect(int status, HttpResponse<String> response) {
            if (response.statusCode() != status) {
                throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                        + response.statusCode() + " (expected " + status + "): " + response.body());
            }
            return response.body();
        }

        /** An unlabelled counter or gauge from {@code /metrics}. */
        long metric(String name) {
            try {
                for (String line : expect(200, send("GET", "metrics", null)).split("\n")) {
                    if (line.startsWith(name + " ")) {
                        return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("/metrics has no " + name);
        }

        /** Base-model runs and texts embedded so far. */
        long[] batchCounters() {
            return new long[] {metric("brickyard_host_base_model_runs_total"),
                    metric("brickyard_host_base_model_texts_total")};
        }
    }
}
