package dev.brickyard.bench;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.NeuronMask;
import dev.brickyard.base.graph.NeuronSet;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.Inference;
import dev.brickyard.host.InferenceRequest;
import dev.brickyard.tools.fit.AdapterFitSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What bricks inside the base model cost, in one run:
 * <ol>
 *   <li><b>The default graph with nothing active</b> ({@link GraphOptions#serving()}: LoRA sites on the 6 FFN
 *   output matrices, neuron masks, activation outputs) against the original graph ({@link GraphOptions#original()},
 *   the anchor), at batch 1 and batch 8: runs that name no inside brick take the untouched graph, so this checks that
 *   they pay nothing for the rewritten one.</li>
 *   <li><b>One adapter</b> (rank 8 on {@code layer.3/4/5.ffn_out}, what {@code brick fit adapter} makes by default;
 *   seeded random weights) and <b>one neuron mask</b> (32 neurons of layer 3 silenced), which run the rewritten
 *   graph, against nothing active; and the adapter on a graph with every LoRA site ({@link GraphOptions#full()}: 36),
 *   in the same rounds.</li>
 *   <li><b>Many adapters in a real host</b>: {@code --adapters} adapter bricks, each its own bundle with rank 8 on
 *   the same 3 sites, installed in a {@link BrickHost}. Memory per adapter (the host's
 *   {@link BrickHost#brickMemoryBytes()} and the growth of the process's VmRSS after a GC), and the latency of
 *   {@code host.infer} of one text naming one adapter, each request naming the next adapter, against a second host
 *   with one adapter installed (the anchor), in the same rounds. Then the same with concurrent clients, where the
 *   batcher can merge only requests naming the same adapters.</li>
 * </ol>
 * Part 3 runs first, in a process that has not yet freed the graph models of parts 1 and 2, so that the adapters'
 * native memory is less likely to land in pages already resident. Every model and host runs with ONNX Runtime's
 * threads sleeping between runs (the serving setting): with spinning threads, whichever contender ran right after
 * a contender on another session paid for that session's spinning, up to 11 % at batch 1. Texts are a fixed set of 20
 * sentences of 8-25 words; every turn of a batch-1 contender embeds each of them once.
 *
 * <p>Run: {@code mvn -q -pl bench exec:java -Dexec.mainClass=dev.brickyard.bench.InsideBricksBenchmark}
 * (options, with their defaults: {@code --rounds 30 --adapters 100 --clients 4}).
 */
public final class InsideBricksBenchmark {
    /** What requests embed, in this order, over and over. */
    static final List<String> SENTENCES = List.of(
            "The parcel left the warehouse on Monday and should arrive before the weekend.",
            "Can you reset my password, the link in the email has already expired?",
            "Our quarterly revenue grew by twelve percent, mostly from subscriptions in Europe.",
            "The striker scored twice in the second half to win the cup final.",
            "Heavy rain is expected across the north of the country tonight.",
            "I would like to cancel my order because the same item is cheaper elsewhere.",
            "The new phone has a brighter screen, a larger battery and a slower charger than last year's model, "
                    + "and it costs about the same.",
            "Researchers found that the drug reduced symptoms in most patients after six weeks of treatment.",
            "Please send the signed contract back to us by Friday afternoon.",
            "The museum reopens next month with an exhibition of early photographs.",
            "My flight was delayed by four hours and nobody at the gate could tell us why.",
            "Add two cups of flour, a pinch of salt and stir until the dough is smooth.",
            "The central bank kept interest rates unchanged but warned that inflation remains too high.",
            "Is there a vegetarian option on the menu?",
            "The update fixed the crash on start-up but the app still drains the battery overnight.",
            "Volunteers planted three hundred trees along the river over the weekend.",
            "The committee will vote on the proposal after a public consultation that ends in March.",
            "This jacket is warm, light and the zip has not broken after two winters of daily use.",
            "Traffic on the ring road is moving slowly after an accident near the airport exit.",
            "We are hiring engineers who enjoy working on distributed systems and developer tools.");
    /** The sites {@code brick fit adapter} fits by default. */
    static final List<String> ADAPTER_SITES = AdapterFitSettings.DEFAULT_LAYERS.stream()
            .map(layer -> "layer." + layer + ".ffn_out").toList();
    static final int ADAPTER_RANK = AdapterFitSettings.DEFAULT_RANK;
    /** Small random weights: enough to change the embedding measurably, as a fitted adapter does. */
    private static final float ADAPTER_SCALE = 0.02f;
    private static final int MASKED_LAYER = 3;
    private static final int MASKED_NEURONS = 32;
    private static final int BATCH = 8;
    /** Batches of {@value #BATCH} per turn: 40 texts, each sentence twice. */
    private static final int BATCHES_PER_TURN = 5;
    /** Requests each client sends in one turn of the concurrent part. */
    private static final int CONCURRENT_PER_CLIENT = 20;

    private static final double GRAPH_TARGET = 1.05;
    private static final double ACTIVE_TARGET = 1.15;

    private record Options(int rounds, int adapters, int clients) {
        static Options parse(String[] args) {
            int rounds = 30;
            int adapters = 100;
            int clients = 4;
            for (int i = 0; i + 1 < args.length; i += 2) {
                int value = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "--rounds" -> rounds = value;
                    case "--adapters" -> adapters = value;
                    case "--clients" -> clients = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (adapters < 2 || clients < 1 || rounds < 1) {
                throw new IllegalArgumentException("--adapters must be at least 2, --clients and --rounds at least 1");
            }
            return new Options(rounds, adapters, clients);
        }

        /** The concurrent part sends more requests per turn, so it needs fewer rounds. */
        int concurrentRounds() {
            return Math.max(1, rounds / 3);
        }
    }

    /** One embedding call of a graph contender. */
    private interface Embedding {
        float[][] run(List<String> texts) throws Exception;
    }

    /** The process's memory at one moment, after a full collection: VmRSS, and the Java heap committed and used. */
    record Memory(long residentBytes, long heapCommittedBytes, long heapUsedBytes) {
        static Memory now() throws Exception {
            System.gc();
            Thread.sleep(500);
            System.gc();
            Thread.sleep(500);
            long resident = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    resident = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            if (resident < 0) {
                throw new IllegalStateException("/proc/self/status has no VmRSS");
            }
            Runtime runtime = Runtime.getRuntime();
            return new Memory(resident, runtime.totalMemory(), runtime.totalMemory() - runtime.freeMemory());
        }
    }

    /** Concurrent clients' latencies, wall time and base-model runs over all turns of one host. */
    private static final class Concurrent {
        final LatencySamples latencies = new LatencySamples();
        long requests;
        long nanos;
        long runs;
        long texts;

        double requestsPerSecond() {
            return requests / (nanos / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int threads = Runtime.getRuntime().availableProcessors();
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "%d sentences, %d rounds, %d cores, ONNX Runtime intra-op threads %d, "
                        + "adapters rank %d on %s%n", SENTENCES.size(), options.rounds(), threads, threads,
                ADAPTER_RANK, String.join(", ", ADAPTER_SITES));
        // The hosts first: memory the graph models would free at their close could be reused by the adapters, and
        // their growth would not show in the resident memory.
        measureHosts(options);
        measureGraphs(options, threads);
        System.out.printf(Locale.ROOT, "%nwhole run: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    // ---- 1 and 2. the graphs -------------------------------------------------------------------------------------

    private static void measureGraphs(Options options, int threads) throws Exception {
        List<BaseModel> models = new ArrayList<>();
        try {
            BaseModel original = load(models, threads, GraphOptions.original());
            BaseModel configurable = load(models, threads, GraphOptions.serving());
            BaseModel everySite = load(models, threads, GraphOptions.full());
            try (LoraAdapter adapter = LoraAdapter.load("bench/adapter", adapterJar("bench/adapter").adapterFile(),
                    configurable.graph())) {
                int[] silenced = IntStream.range(0, MASKED_NEURONS).map(i -> i * 47).toArray();
                NeuronMask mask = NeuronMask.ablate(new NeuronSet(new TreeMap<>(Map.of(MASKED_LAYER, silenced))));
                List<String> names = List.of("original graph (anchor)", "default graph, nothing active",
                        "default graph, 1 adapter active", "default graph, 1 neuron mask active",
                        "every LoRA site (" + GraphOptions.full().loraSites().size() + "), 1 adapter active");
                List<Embedding> embeddings = List.of(
                        original::embed,
                        configurable::embed,
                        texts -> configurable.embed(texts, List.of(adapter), Collections.nCopies(texts.size(),
                                NeuronMask.NONE)),
                        texts -> configurable.embed(texts, List.of(), Collections.nCopies(texts.size(), mask)),
                        texts -> everySite.embed(texts, List.of(adapter), Collections.nCopies(texts.size(),
                                NeuronMask.NONE)));
                checkGraphs(embeddings);

                List<LatencySamples> single = RotatedRounds.measure(
                        contenders(names, embeddings, 1, SENTENCES.size()), 2, options.rounds());
                System.out.println("graphs at batch 1 measured");
                List<LatencySamples> batched = RotatedRounds.measure(
                        contenders(names, embeddings, BATCH, BATCHES_PER_TURN), 1, options.rounds());
                System.out.println("graphs at batch " + BATCH + " measured");
                reportGraphs(names, single, batched);
            }
        } finally {
            models.forEach(BaseModel::close);
        }
    }

    /**
     * Loads the fp32 model with a graph. Its ONNX Runtime threads sleep between runs (as a server's do), so that the
     * threads of the models not running take no CPU from the one that runs.
     */
    private static BaseModel load(List<BaseModel> models, int threads, GraphOptions graph) throws Exception {
        BaseModel model = BaseModel.load(BaseModelVariant.FP32, threads, false, graph);
        models.add(model);
        return model;
    }

    /**
     * One rotated-rounds contender per embedding, each walking through the sentences in windows of {@code batch}
     * from where its last call stopped, so that every contender embeds the same texts as often.
     */
    private static List<RotatedRounds.Contender> contenders(List<String> names, List<Embedding> embeddings, int batch,
                                                            int callsPerTurn) {
        List<RotatedRounds.Contender> contenders = new ArrayList<>();
        for (int c = 0; c < embeddings.size(); c++) {
            Embedding embedding = embeddings.get(c);
            String name = names.get(c);
            int[] next = new int[1];
            contenders.add(new RotatedRounds.Contender(name, callsPerTurn, () -> {
                float[][] result = embedding.run(window(next[0], batch));
                next[0] = (next[0] + batch) % SENTENCES.size();
                if (result.length != batch) {
                    throw new IllegalStateException(name + " answered " + result.length + " embeddings");
                }
            }));
        }
        return contenders;
    }

    /** {@code size} sentences from {@code from}, wrapping around. */
    private static List<String> window(int from, int size) {
        List<String> texts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            texts.add(SENTENCES.get((from + i) % SENTENCES.size()));
        }
        return texts;
    }

    /**
     * The graphs with nothing active must give the original's embeddings, and the adapter and the mask must change
     * them, or the comparison measures the wrong thing.
     */
    private static void checkGraphs(List<Embedding> embeddings) throws Exception {
        float[][] expected = embeddings.get(0).run(SENTENCES);
        double same = maxAbsDifference(expected, embeddings.get(1).run(SENTENCES));
        if (same > 1e-5) {
            throw new IllegalStateException("the default graph with nothing active differs from the original by "
                    + same);
        }
        for (int c = 2; c < embeddings.size(); c++) {
            double difference = maxAbsDifference(expected, embeddings.get(c).run(SENTENCES));
            if (difference < 1e-4) {
                throw new IllegalStateException("contender " + c + " does not change the embeddings");
            }
        }
    }

    // ---- 3. adapters in a host -----------------------------------------------------------------------------------

    private static void measureHosts(Options options) throws Exception {
        Path scratch = Files.createTempDirectory("inside-bricks-bench-");
        int count = options.adapters();
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        try (BrickHost anchor = BrickHost.open(HostOptions.defaults().forServing());
             BrickHost many = BrickHost.open(HostOptions.defaults().forServing())) {
            long packStart = System.nanoTime();
            List<Path> jars = new ArrayList<>();
            List<BrickId> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = String.format(Locale.ROOT, "bench/adapter-%03d", i);
                jars.add(adapterJar(id).writeTo(scratch));
                ids.add(BrickId.parse(id));
            }
            double packSeconds = (System.nanoTime() - packStart) / 1e9;
            anchor.install(jars.get(0));
            many.install(jars.get(0));
            for (int i = 0; i < 3 * SENTENCES.size(); i++) {
                infer(many, SENTENCES.get(i % SENTENCES.size()), ids.get(0));
            }
            Memory one = Memory.now();
            long oneBrickBytes = many.brickMemoryBytes();
            LatencySamples installs = new LatencySamples();
            for (int i = 1; i < count; i++) {
                long start = System.nanoTime();
                many.install(jars.get(i));
                installs.add(System.nanoTime() - start);
            }
            // Every adapter runs once before memory is read, so that what a first run allocates is counted.
            for (int i = 0; i < count; i++) {
                infer(many, SENTENCES.get(i % SENTENCES.size()), ids.get(i));
            }
            Memory all = Memory.now();
            checkHosts(anchor, many, ids);
            System.out.printf(Locale.ROOT, "%d adapters installed%n", count);

            int[] next = new int[1];
            List<RotatedRounds.Contender> contenders = List.of(
                    new RotatedRounds.Contender("1 adapter installed (anchor)", SENTENCES.size(),
                            () -> infer(anchor, SENTENCES.get(next[0]++ % SENTENCES.size()), ids.get(0))),
                    new RotatedRounds.Contender(count + " adapters installed, each request the next",
                            SENTENCES.size(), () -> {
                                int k = next[0]++;
                                infer(many, SENTENCES.get(k % SENTENCES.size()), ids.get(k % count));
                            }));
            List<LatencySamples> sequential = RotatedRounds.measure(contenders, 1, options.rounds());
            System.out.println("one client measured");
            List<Concurrent> concurrent = measureConcurrent(anchor, many, ids, pool, options);
            System.out.println(options.clients() + " clients measured");
            reportHosts(count, one, all, oneBrickBytes, many.brickMemoryBytes(), packSeconds, installs, sequential,
                    concurrent, options.clients());
        } finally {
            pool.shutdownNow();
            deleteTree(scratch);
        }
    }

    /**
     * Concurrent clients, each sending its requests one after the other, on the anchor (every request names the one
     * adapter, so the batcher may merge them all) and on the host with many (each request names the next adapter,
     * so runs cannot merge requests of different clients); the hosts take turns in rotated rounds.
     */
    private static List<Concurrent> measureConcurrent(BrickHost anchor, BrickHost many, List<BrickId> ids,
                                                      ExecutorService pool, Options options) throws Exception {
        List<Concurrent> results = List.of(new Concurrent(), new Concurrent());
        List<BrickHost> hosts = List.of(anchor, many);
        int warmup = 1;
        for (int round = 0; round < warmup + options.concurrentRounds(); round++) {
            for (int turn = 0; turn < hosts.size(); turn++) {
                int h = (round + turn) % hosts.size();
                BrickHost host = hosts.get(h);
                Concurrent result = round >= warmup ? results.get(h) : new Concurrent();
                long runsBefore = host.batchStatistics().runs();
                long textsBefore = host.batchStatistics().texts();
                long start = System.nanoTime();
                List<Future<?>> clients = new ArrayList<>();
                int first = round * CONCURRENT_PER_CLIENT;
                for (int c = 0; c < options.clients(); c++) {
                    int client = c;
                    clients.add(pool.submit(() -> {
                        for (int i = 0; i < CONCURRENT_PER_CLIENT; i++) {
                            int k = first + client * ids.size() / options.clients() + i;
                            BrickId adapter = host == anchor ? ids.get(0) : ids.get(k % ids.size());
                            long requestStart = System.nanoTime();
                            infer(host, SENTENCES.get((client * 5 + i) % SENTENCES.size()), adapter);
                            long nanos = System.nanoTime() - requestStart;
                            synchronized (result) {
                                result.latencies.add(nanos);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> client : clients) {
                    client.get();
                }
                result.nanos += System.nanoTime() - start;
                result.requests += (long) options.clients() * CONCURRENT_PER_CLIENT;
                result.runs += host.batchStatistics().runs() - runsBefore;
                result.texts += host.batchStatistics().texts() - textsBefore;
            }
        }
        return results;
    }

    /** One text naming one adapter, with its embedding returned, as a client asking for adapted embeddings does. */
    private static float[] infer(BrickHost host, String text, BrickId adapter) throws Exception {
        List<Inference> inferences = host.infer(new InferenceRequest(List.of(text), List.of(adapter), null, Map.of(),
                InferenceRequest.DEFAULT_LOOKUP, true));
        Inference inference = inferences.get(0);
        if (inference.applied().size() != 1 || !inference.applied().get(0).id().equals(adapter)) {
            throw new IllegalStateException("the host applied " + inference.applied() + ", not " + adapter);
        }
        return inference.embedding();
    }

    /** Both hosts must answer adapter 0 alike, and different adapters must give different embeddings. */
    private static void checkHosts(BrickHost anchor, BrickHost many, List<BrickId> ids) throws Exception {
        String text = SENTENCES.get(0);
        float[] first = infer(anchor, text, ids.get(0));
        double same = maxAbsDifference(new float[][] {first}, new float[][] {infer(many, text, ids.get(0))});
        double other = maxAbsDifference(new float[][] {first},
                new float[][] {infer(many, text, ids.get(ids.size() - 1))});
        if (same > 1e-5 || other < 1e-4) {
            throw new IllegalStateException("adapters do not answer as they should: same adapter differs by " + same
                    + ", another adapter by " + other);
        }
    }

    // ---- reports -------------------------------------------------------------------------------------------------

    private static void reportGraphs(List<String> names, List<LatencySamples> single, List<LatencySamples> batched) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-42s %6s %8s %8s %8s %8s %8s %8s %8s %8s%n", "graph", "calls",
                "b1 p50", "b1 p99", "p50 ÷ a", "p99 ÷ a", "b8 p50", "b8 p99", "p50 ÷ a", "p99 ÷ a");
        for (int c = 0; c < names.size(); c++) {
            System.out.printf(Locale.ROOT, "%-42s %6d %8.2f %8.2f %8.3f %8.3f %8.2f %8.2f %8.3f %8.3f%n",
                    names.get(c), single.get(c).count(),
                    single.get(c).percentileMillis(0.5), single.get(c).percentileMillis(0.99),
                    ratio(single, c, 0, 0.5), ratio(single, c, 0, 0.99),
                    batched.get(c).percentileMillis(0.5), batched.get(c).percentileMillis(0.99),
                    ratio(batched, c, 0, 0.5), ratio(batched, c, 0, 0.99));
        }
        System.out.println("(milliseconds per call; ÷ a: ratio to the original graph)");
        target("default graph, nothing active / original, batch 1 p50", ratio(single, 1, 0, 0.5), GRAPH_TARGET);
        target("default graph, nothing active / original, batch " + BATCH + " p50", ratio(batched, 1, 0, 0.5),
                GRAPH_TARGET);
        System.out.printf(Locale.ROOT, "for reference, every LoRA site (36), 1 adapter / default graph, 1 adapter: "
                + "batch 1 p50 %.3f, batch %d p50 %.3f%n", ratio(single, 4, 2, 0.5), BATCH, ratio(batched, 4, 2, 0.5));
        target("1 adapter / nothing active, batch 1 p50", ratio(single, 2, 1, 0.5), ACTIVE_TARGET);
        target("1 neuron mask / nothing active, batch 1 p50", ratio(single, 3, 1, 0.5), ACTIVE_TARGET);
        System.out.printf(Locale.ROOT, "for reference, batch %d p50: 1 adapter / nothing active %.3f, 1 neuron mask "
                + "/ nothing active %.3f%n", BATCH, ratio(batched, 2, 1, 0.5), ratio(batched, 3, 1, 0.5));
    }

    private static void reportHosts(int count, Memory one, Memory all, long oneBrickBytes, long allBrickBytes,
                                    double packSeconds, LatencySamples installs, List<LatencySamples> sequential,
                                    List<Concurrent> concurrent, int clients) {
        int added = count - 1;
        System.out.println();
        System.out.printf(Locale.ROOT, "memory per adapter (rank %d on %d sites), from 1 to %d installed:%n",
                ADAPTER_RANK, ADAPTER_SITES.size(), count);
        System.out.printf(Locale.ROOT, "  host brickMemoryBytes: %.1f KB per adapter (%.1f MB for %d)%n",
                allBrickBytes / 1e3 / count, allBrickBytes / 1e6, count);
        System.out.printf(Locale.ROOT, "  VmRSS after GC: %.0f MB -> %.0f MB, %.1f KB per adapter added; outside the "
                        + "committed Java heap: %.1f KB per adapter (heap committed %.0f MB -> %.0f MB)%n",
                one.residentBytes() / 1e6, all.residentBytes() / 1e6,
                (all.residentBytes() - one.residentBytes()) / 1e3 / added,
                ((all.residentBytes() - all.heapCommittedBytes()) - (one.residentBytes() - one.heapCommittedBytes()))
                        / 1e3 / added, one.heapCommittedBytes() / 1e6, all.heapCommittedBytes() / 1e6);
        System.out.printf(Locale.ROOT, "  Java heap used after GC: %.1f MB -> %.1f MB, %.1f KB per adapter added%n",
                one.heapUsedBytes() / 1e6, all.heapUsedBytes() / 1e6,
                (all.heapUsedBytes() - one.heapUsedBytes()) / 1e3 / added);
        System.out.printf(Locale.ROOT, "  (1 adapter: brickMemoryBytes %d bytes) building %d bundles: %.1f s; "
                        + "installing %d: p50 %.1f ms, p99 %.1f ms each%n", oneBrickBytes, count, packSeconds, added,
                installs.percentileMillis(0.5), installs.percentileMillis(0.99));

        System.out.println();
        System.out.printf(Locale.ROOT, "%-52s %8s %8s %8s %8s %8s %9s %9s%n", "host.infer, 1 text naming 1 adapter",
                "requests", "p50 ms", "p99 ms", "p50 ÷ a", "p99 ÷ a", "req/s", "avg batch");
        String[] names = {"1 client, 1 adapter installed (anchor)",
                "1 client, " + count + " installed, each request the next"};
        for (int c = 0; c < sequential.size(); c++) {
            LatencySamples samples = sequential.get(c);
            System.out.printf(Locale.ROOT, "%-52s %8d %8.2f %8.2f %8.3f %8.3f %9.1f %9s%n", names[c],
                    samples.count(), samples.percentileMillis(0.5), samples.percentileMillis(0.99),
                    ratio(sequential, c, 0, 0.5), ratio(sequential, c, 0, 0.99),
                    samples.count() / (samples.totalNanos() / 1e9), "");
        }
        String[] concurrentNames = {clients + " clients, 1 installed, all naming it",
                clients + " clients, " + count + " installed, each request the next"};
        Concurrent anchor = concurrent.get(0);
        for (int c = 0; c < concurrent.size(); c++) {
            Concurrent result = concurrent.get(c);
            System.out.printf(Locale.ROOT, "%-52s %8d %8.2f %8.2f %8.3f %8.3f %9.1f %9.2f%n", concurrentNames[c],
                    result.requests, result.latencies.percentileMillis(0.5), result.latencies.percentileMillis(0.99),
                    result.latencies.percentileMillis(0.5) / anchor.latencies.percentileMillis(0.5),
                    result.latencies.percentileMillis(0.99) / anchor.latencies.percentileMillis(0.99),
                    result.requestsPerSecond(), (double) result.texts / result.runs);
        }
        System.out.printf(Locale.ROOT, "%d adapters / 1 adapter installed, 1 client, p50: %.3f; %d clients, "
                        + "requests/s: %.3f%n", count, ratio(sequential, 1, 0, 0.5), clients,
                concurrent.get(1).requestsPerSecond() / anchor.requestsPerSecond());
    }

    private static double ratio(List<LatencySamples> samples, int contender, int anchor, double quantile) {
        return samples.get(contender).percentileMillis(quantile) / samples.get(anchor).percentileMillis(quantile);
    }

    private static void target(String what, double ratio, double target) {
        System.out.printf(Locale.ROOT, "%s: %.3f (target <= %.2f): %s%n", what, ratio, target,
                ratio <= target ? "met" : "NOT met");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** An adapter brick with seeded random weights at the default fit's rank and sites. */
    private static BrickJar adapterJar(String id) {
        return BrickJar.adapter(id, "1.0.0", ADAPTER_RANK, ADAPTER_SCALE, ADAPTER_SITES.toArray(String[]::new));
    }

    private static double maxAbsDifference(float[][] a, float[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int d = 0; d < a[i].length; d++) {
                worst = Math.max(worst, Math.abs(a[i][d] - b[i][d]));
            }
        }
        return worst;
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
