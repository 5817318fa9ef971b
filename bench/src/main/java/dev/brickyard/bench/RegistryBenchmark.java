package dev.brickyard.bench;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.http.server.ServerLimits;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.blob.FsBlobStore;
import dev.brickyard.registry.blob.StagedBlob;
import dev.brickyard.registry.publish.CardText;
import dev.brickyard.registry.search.ResultPage;
import dev.brickyard.registry.search.SearchQuery;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.TokenRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The registry under load, in one run against a real registry (the JAX-RS application on a random loopback port,
 * H2 and blobs in a temporary folder, the real base model):
 * <ol>
 *   <li><b>Search and resolve latency</b> over a catalogue of 10,000 bricks × 5 versions loaded straight into the
 *   store, for queries never seen before (the query must be embedded) and for repeated ones (its embedding is
 *   cached), against an in-process {@code SearchIndex.search} and a trivial HTTP GET measured in the same rounds.</li>
 *   <li><b>Download throughput</b> of a 20 MiB bundle against reading its blob file, with a bare loopback TCP
 *   transfer and a bare HTTP server as ceilings, to tell the registry's cost from the client's and the network's.</li>
 *   <li><b>Publish throughput</b> of 1 MiB bundles, sequential and from 4 concurrent clients, with the in-process
 *   cost of the steps a publish takes.</li>
 * </ol>
 * Request logs go to a file in the temporary folder, formatted as in production.
 *
 * <p>Run: {@code mvn -q -pl bench exec:java -Dexec.mainClass=dev.brickyard.bench.RegistryBenchmark}
 * (options {@code --search-rounds N --download-rounds N --publish-rounds N}).
 */
public final class RegistryBenchmark {
    static final int BRICKS = 10_000;
    static final List<SemVer> VERSIONS = Stream.of("0.9.0", "1.0.0", "1.1.0", "1.1.1", "1.2.0").map(SemVer::parse)
            .toList();
    /** Every n-th brick gets its description and card embedded by the base model; the others a random vector. */
    static final int EMBED_EVERY = 10;
    static final int LARGE_BUNDLE_PADDING = 20 << 20;
    static final int PUBLISH_BUNDLE_PADDING = 1 << 20;
    static final int PUBLISH_CLIENTS = 4;
    static final String BASE = BaseModel.NAME;
    /** Repeated queries: few enough to stay in the registry's query-embedding cache. */
    static final int REPEATED_QUERIES = 50;
    /** The registry keeps this many query embeddings; all queries of one run must fit, or "cold" loses meaning. */
    static final int QUERY_CACHE = 1_000;
    static final int WARMUP_ROUNDS = 3;

    private record Options(int searchRounds, int downloadRounds, int publishRounds) {
        static Options parse(String[] args) {
            int search = 25;
            int download = 20;
            int publish = 3;
            for (int i = 0; i + 1 < args.length; i += 2) {
                int value = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "--search-rounds" -> search = value;
                    case "--download-rounds" -> download = value;
                    case "--publish-rounds" -> publish = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(search, download, publish);
        }
    }

    /** A measured operation with an optional in-process counterpart (by index) to compare its p50 with. */
    private record Row(String name, LatencySamples samples, int counterpart) {
    }

    private final RegistryServer.Registry registry;
    private final HttpProbe client;
    private final RegistryClient publisher;
    private final BrickBundles bundles;
    private final Path work;
    private final String token;
    private final String tokenId;
    /** The one small bundle every catalogue version points at (search never reads bundles). */
    private StagedBlob catalogueBlob;

    private RegistryBenchmark(RegistryServer server, Path work) throws IOException {
        this.registry = server.registry();
        this.client = new HttpProbe(server.uri());
        this.bundles = new BrickBundles(work.resolve("bundles"));
        this.work = work;
        var created = registry.tokens().create("bench", EnumSet.of(TokenRecord.Scope.PUBLISH), "registry benchmark");
        this.token = created.secret();
        this.tokenId = created.token().id();
        this.publisher = new RegistryClient(server.uri(), token, line -> { });
    }

    /** Publishes a bundle over HTTP as {@code brick publish} does; it must be created. */
    private void publish(String id, String version, Path bundle) throws IOException, BrickException {
        if (!publisher.publish(BrickId.parse(id), SemVer.parse(version), bundle, TransferProgress.SILENT).created()) {
            throw new IllegalStateException(id + "@" + version + " was published before");
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        try (ScratchFolder scratch = ScratchFolder.withRequestLog("brickyard-registry-bench-");
             // The benchmark measures search itself: one client searching as fast as it can, so no per-client limit.
             RegistryServer server = RegistryServer.start(RegistryConfig.embedded(scratch.path().resolve("data"), 0)
                     .withMaxUploadBytes(2L * LARGE_BUNDLE_PADDING)
                     .withLimits(ServerLimits.DEFAULT.withClientRate(0)))) {
            Path work = scratch.path();
            System.out.printf(Locale.ROOT, "Registry benchmark: %d cores, Java %s, registry at %s, data in %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), server.uri(), work);
            RegistryBenchmark benchmark = new RegistryBenchmark(server, work);
            benchmark.search(options.searchRounds());
            benchmark.download(options.downloadRounds());
            benchmark.publish(options.publishRounds());
        }
    }

    // ---------------------------------------------------------------------------------------------------- search

    private void search(int rounds) throws Exception {
        int coldPerTurn = 8;
        int repeatedPerTurn = 12;
        int coldPerContender = (WARMUP_ROUNDS + rounds) * coldPerTurn;
        int queryCount = REPEATED_QUERIES + 2 * coldPerContender;
        if (queryCount > QUERY_CACHE) {
            throw new IllegalArgumentException(queryCount + " distinct queries overflow the registry's cache of "
                    + QUERY_CACHE + ": use fewer search rounds");
        }
        SyntheticCatalog catalog = new SyntheticCatalog(20261129L);
        List<SyntheticCatalog.BrickSpec> bricks = catalog.bricks(BRICKS);
        loadCatalogue(catalog, bricks);

        List<String> queries = catalog.queries(queryCount);
        List<String> repeated = queries.subList(0, REPEATED_QUERIES);
        Iterator<String> repeatedCycle = cycle(repeated);
        Iterator<String> repeatedCycleHttp = cycle(repeated);
        Iterator<String> coldInProcess = queries.subList(REPEATED_QUERIES, REPEATED_QUERIES + coldPerContender)
                .iterator();
        Iterator<String> coldHttp = queries.subList(REPEATED_QUERIES + coldPerContender, queryCount).iterator();
        repeated.forEach(query -> registry.index().search(textQuery(query)));
        List<BrickId> ids = bricks.stream().map(SyntheticCatalog.BrickSpec::id).toList();
        Iterator<BrickId> resolveCycle = cycle(ids);
        Iterator<BrickId> versionsCycle = cycle(ids);
        String stylesheet = "assets/style.css";
        String etag = client.etag(stylesheet);

        List<RotatedRounds.Contender> contenders = List.of(
                new RotatedRounds.Contender("HTTP GET, trivial (304 of the stylesheet)", repeatedPerTurn,
                        () -> client.getNotModified(stylesheet, etag)),
                new RotatedRounds.Contender("in-process search, repeated query", repeatedPerTurn,
                        () -> firstPage(repeatedCycle.next())),
                new RotatedRounds.Contender("in-process search, new query", coldPerTurn,
                        () -> firstPage(coldInProcess.next())),
                new RotatedRounds.Contender("HTTP search, repeated query", repeatedPerTurn,
                        () -> client.get("v1/bricks?q=" + HttpProbe.encode(repeatedCycleHttp.next()))),
                new RotatedRounds.Contender("HTTP search, new query", coldPerTurn,
                        () -> client.get("v1/bricks?q=" + HttpProbe.encode(coldHttp.next()))),
                new RotatedRounds.Contender("in-process store.versions (what resolve reads)", repeatedPerTurn,
                        () -> registry.store().versions(versionsCycle.next())),
                new RotatedRounds.Contender("HTTP resolve @^1", repeatedPerTurn,
                        () -> client.get("v1/resolve?ref=" + HttpProbe.encode(resolveCycle.next() + "@^1")
                                + "&base=" + BASE)));
        long start = System.nanoTime();
        List<LatencySamples> samples = RotatedRounds.measure(contenders, WARMUP_ROUNDS, rounds);
        System.out.printf(Locale.ROOT, "search: %d rounds in %.1f s%n", rounds, seconds(start));

        // each HTTP row is compared with the in-process row that does the same work without HTTP
        int[] counterparts = {-1, -1, -1, 1, 2, -1, 5};
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < contenders.size(); c++) {
            rows.add(new Row(contenders.get(c).name(), samples.get(c), counterparts[c]));
        }
        printLatencyTable(rows, 0);
        int[] hits = queries.stream().mapToInt(query -> registry.index().search(textQuery(query)).size()).sorted()
                .toArray();
        System.out.printf(Locale.ROOT, "bricks matching a query (of %d): median %d, p10 %d, p90 %d; of %d queries %d "
                        + "match nothing, %d match every brick%n", BRICKS, hits[hits.length / 2],
                hits[hits.length / 10], hits[hits.length * 9 / 10], hits.length,
                Arrays.stream(hits).filter(n -> n == 0).count(), Arrays.stream(hits).filter(n -> n == BRICKS).count());
        checkTarget("HTTP search p50, new query", samples.get(4).percentileMillis(0.5), 5.0);
        checkTarget("HTTP search p50, repeated query", samples.get(3).percentileMillis(0.5), 5.0);
    }

    /** 10,000 bricks × 5 versions straight into the store; every {@link #EMBED_EVERY}th embedded by the base model. */
    private void loadCatalogue(SyntheticCatalog catalog, List<SyntheticCatalog.BrickSpec> bricks) throws Exception {
        Path standIn = bundles.head(new BrickId("bench", "catalogue-stand-in"), "1.0.0", new byte[0]);
        StagedBlob blob;
        try (InputStream in = Files.newInputStream(standIn)) {
            blob = registry.blobs().stage(in, Long.MAX_VALUE);
        }
        registry.blobs().commit(blob);
        catalogueBlob = blob;

        long start = System.nanoTime();
        float[][] embeddings = new float[bricks.size()][];
        List<Integer> embedded = IntStream.range(0, bricks.size()).filter(i -> i % EMBED_EVERY == 0).boxed().toList();
        for (int from = 0; from < embedded.size(); from += 32) {
            List<Integer> batch = embedded.subList(from, Math.min(embedded.size(), from + 32));
            float[][] vectors = registry.baseModel().embed(batch.stream().map(i -> bricks.get(i).description() + "\n"
                    + CardText.body(bricks.get(i).card())).toList());
            for (int k = 0; k < batch.size(); k++) {
                embeddings[batch.get(k)] = vectors[k];
            }
        }
        for (int i = 0; i < embeddings.length; i++) {
            if (embeddings[i] == null) {
                embeddings[i] = catalog.randomUnitVector();
            }
        }
        System.out.printf(Locale.ROOT, "catalogue: %d of %d bricks embedded by the base model in %.1f s, the rest "
                + "random unit vectors%n", embedded.size(), bricks.size(), seconds(start));

        start = System.nanoTime();
        Instant first = Instant.now().minus(Duration.ofDays(730));
        for (int i = 0; i < bricks.size(); i++) {
            for (int v = 0; v < VERSIONS.size(); v++) {
                Instant publishedAt = first.plus(Duration.ofMinutes(i * 7L + v * 43_200L));
                BrickStore.PublishOutcome outcome = registry.store().publish(SyntheticCatalog.version(bricks.get(i),
                        VERSIONS.get(v), embeddings[i], blob.digest(), blob.size(), publishedAt, tokenId), () -> { });
                if (outcome != BrickStore.PublishOutcome.CREATED) {
                    throw new IllegalStateException(bricks.get(i).id() + "@" + VERSIONS.get(v) + ": " + outcome);
                }
            }
        }
        System.out.printf(Locale.ROOT, "catalogue: %d versions stored through JdbcBrickStore.publish in %.1f s%n",
                bricks.size() * VERSIONS.size(), seconds(start));
        registry.index().refresh();
    }

    private ResultPage firstPage(String text) {
        SearchQuery query = textQuery(text);
        return ResultPage.of(registry.index().search(query), query, null, 20);
    }

    private static SearchQuery textQuery(String text) {
        return new SearchQuery(text, null, null, null, null, null, SearchQuery.Sort.RELEVANCE, false);
    }

    // -------------------------------------------------------------------------------------------------- download

    private void download(int rounds) throws Exception {
        String id = "bench/large-download";
        Path bundle = bundles.head(BrickId.parse(id), "1.0.0",
                BrickBundles.incompressible(LARGE_BUNDLE_PADDING, 20L));
        long start = System.nanoTime();
        publish(id, "1.0.0", bundle);
        double publishSeconds = seconds(start);
        Path blob = registry.blobs().find(BrickVerifier.sha256(bundle)).orElseThrow();
        long size = Files.size(blob);
        System.out.printf(Locale.ROOT, "download: published a %.1f MB bundle (padding stored, not deflated) in %.2f s"
                + "%n", size / 1e6, publishSeconds);
        String path = "v1/bricks/" + id + "/1.0.0/download";
        HttpProbe.Transfer framing = client.downloadOverSocket(path);
        System.out.printf(Locale.ROOT, "download: response framing: Content-Length %s, %s%n",
                framing.contentLength() < 0 ? "absent" : Long.toString(framing.contentLength()),
                framing.chunks() == 0 ? "not chunked" : "chunked in " + framing.chunks() + " chunks of about "
                        + framing.bytes() / framing.chunks() + " bytes");
        try (LoopbackFileServer loopback = new LoopbackFileServer(blob, false);
             LoopbackFileServer bareHttp = new LoopbackFileServer(blob, true)) {
            HttpProbe bareHttpClient = new HttpProbe(bareHttp.uri());
            List<RotatedRounds.Contender> contenders = List.of(
                    new RotatedRounds.Contender("read the blob file (anchor)", 2, () -> {
                        try (InputStream in = Files.newInputStream(blob)) {
                            expectBytes(LoopbackFileServer.drain(in), size);
                        }
                    }),
                    new RotatedRounds.Contender("HTTP download, Java HttpClient", 2,
                            () -> expectBytes(client.download(path), size)),
                    new RotatedRounds.Contender("HTTP download, plain socket client", 2,
                            () -> expectBytes(client.downloadOverSocket(path).bytes(), size)),
                    new RotatedRounds.Contender("loopback TCP, no HTTP (sendfile)", 2,
                            () -> expectBytes(loopback.fetch(), size)),
                    new RotatedRounds.Contender("Java HttpClient from a bare HTTP server (sendfile, Content-Length)", 2,
                            () -> expectBytes(bareHttpClient.download("blob"), size)));
            List<LatencySamples> samples = RotatedRounds.measure(contenders, WARMUP_ROUNDS, rounds);
            System.out.println();
            System.out.println("| transfer of " + String.format(Locale.ROOT, "%.1f", size / 1e6)
                    + " MB | transfers | median ms | median MB/s | MB/s ÷ file read |");
            System.out.println("|---|---|---|---|---|");
            double anchor = size / 1e6 / (samples.get(0).percentileMillis(0.5) / 1e3);
            for (int c = 0; c < contenders.size(); c++) {
                double millis = samples.get(c).percentileMillis(0.5);
                double megabytesPerSecond = size / 1e6 / (millis / 1e3);
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.0f | %s |%n", contenders.get(c).name(),
                        samples.get(c).count(), millis, megabytesPerSecond, ratio(megabytesPerSecond / anchor));
            }
            double ratio = samples.get(0).percentileMillis(0.5) / samples.get(1).percentileMillis(0.5);
            System.out.printf(Locale.ROOT, "HttpClient download ÷ file read (medians): %.3f (target >= 0.8): %s%n%n",
                    ratio, ratio >= 0.8 ? "met" : "NOT met");
        }
    }

    private static void expectBytes(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("read " + actual + " bytes, expected " + expected);
        }
    }

    // --------------------------------------------------------------------------------------------------- publish

    /** A bundle waiting to be published. */
    private record Pending(String version, Path file) {
    }

    private void publish(int rounds) throws Exception {
        String id = "bench/publish-load";
        int sequentialPerTurn = 2;
        int concurrentPerTurn = PUBLISH_CLIENTS;
        int count = (1 + rounds) * (sequentialPerTurn + concurrentPerTurn + 1);
        int[] rowVersions = {0};
        byte[] padding = BrickBundles.incompressible(PUBLISH_BUNDLE_PADDING, 1L);
        long start = System.nanoTime();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String version = "1.0." + i;
            pending.add(new Pending(version, bundles.head(BrickId.parse(id), version, padding)));
        }
        double megabytes = Files.size(pending.get(0).file()) / 1e6;
        System.out.printf(Locale.ROOT, "publish: packed %d bundles of %.2f MB with BrickPacker in %.1f s%n", count,
                megabytes, seconds(start));
        Iterator<Pending> next = pending.iterator();
        TokenRecord publisher = registry.tokens().create("bench", EnumSet.of(TokenRecord.Scope.PUBLISH),
                "in-process publishes").token();
        Path sample = pending.get(0).file();
        FsBlobStore scratch = new FsBlobStore(work.resolve("scratch-blobs"));
        BrickVerifier verifier = new BrickVerifier();
        String card = SyntheticCatalog.card(BrickId.parse(id), "Says whether a text is relevant; a benchmark brick.",
                List.of("relevant", "irrelevant"));
        String cardText = CardText.body(card);
        int[] salt = {0};
        SyntheticCatalog.BrickSpec rowOnly = new SyntheticCatalog.BrickSpec(BrickId.parse("bench/row-only"),
                "Stored without a bundle of its own, to time a version row write.", List.of("benchmark"),
                List.of("relevant", "irrelevant"), card);
        LatencySamples sequentialEach = new LatencySamples();
        LatencySamples concurrentEach = new LatencySamples();
        ExecutorService clients = Executors.newFixedThreadPool(PUBLISH_CLIENTS);
        try {
            List<RotatedRounds.Contender> contenders = List.of(
                    new RotatedRounds.Contender("HTTP, sequential, 1 client", 1, () -> {
                        for (int i = 0; i < sequentialPerTurn; i++) {
                            Pending bundle = next.next();
                            long begin = System.nanoTime();
                            publish(id, bundle.version(), bundle.file());
                            sequentialEach.add(System.nanoTime() - begin);
                        }
                    }),
                    new RotatedRounds.Contender("HTTP, concurrent, " + PUBLISH_CLIENTS + " clients", 1, () -> {
                        List<Future<?>> done = new ArrayList<>();
                        for (int i = 0; i < concurrentPerTurn; i++) {
                            Pending bundle = next.next();
                            done.add(clients.submit(() -> {
                                long begin = System.nanoTime();
                                publish(id, bundle.version(), bundle.file());
                                synchronized (concurrentEach) {
                                    concurrentEach.add(System.nanoTime() - begin);
                                }
                                return null;
                            }));
                        }
                        for (Future<?> publish : done) {
                            publish.get();
                        }
                    }),
                    new RotatedRounds.Contender("in-process Publisher.publish, no HTTP", 1, () -> {
                        Pending bundle = next.next();
                        try (InputStream in = Files.newInputStream(bundle.file())) {
                            if (!registry.publisher().publish(BrickId.parse(id), SemVer.parse(bundle.version()), in,
                                    publisher).created()) {
                                throw new IllegalStateException(bundle.version() + " was not created");
                            }
                        }
                    }),
                    new RotatedRounds.Contender("stage + fsync + commit the blob (FsBlobStore)", 1, () -> {
                        // a fresh digest every time, so the commit really writes
                        try (InputStream in = new java.io.SequenceInputStream(Files.newInputStream(sample),
                                new java.io.ByteArrayInputStream(Integer.toString(salt[0]++)
                                        .getBytes(StandardCharsets.US_ASCII)))) {
                            scratch.commit(scratch.stage(in, Long.MAX_VALUE));
                        }
                    }),
                    new RotatedRounds.Contender("verify the bundle (BrickVerifier)", 1, () -> verifier.verify(sample)),
                    new RotatedRounds.Contender("embed the card (BaseModel)", 1,
                            () -> registry.baseModel().embed(cardText)),
                    new RotatedRounds.Contender("reload the search index (SearchIndex.refresh)", 1,
                            () -> registry.index().refresh()),
                    new RotatedRounds.Contender("store a version row, then reload the index (JdbcBrickStore.publish "
                            + "+ SearchIndex.refresh)", 1, () -> {
                        registry.store().publish(SyntheticCatalog.version(rowOnly, SemVer.of(1, 0, rowVersions[0]++),
                                SyntheticCatalog.unitVector(new java.util.Random(rowVersions[0])),
                                catalogueBlob.digest(), catalogueBlob.size(), Instant.now(), tokenId), () -> { });
                        registry.index().refresh();
                    }));
            RotatedRounds.measure(contenders, 1, 0);
            sequentialEach.clear();
            concurrentEach.clear();
            start = System.nanoTime();
            List<LatencySamples> samples = RotatedRounds.measure(contenders, 0, rounds);
            System.out.printf(Locale.ROOT, "publish: %d rounds in %.1f s%n", rounds, seconds(start));
            double sequential = rounds * sequentialPerTurn / (samples.get(0).totalNanos() / 1e9);
            double concurrent = rounds * concurrentPerTurn / (samples.get(1).totalNanos() / 1e9);
            double inProcess = rounds / (samples.get(2).totalNanos() / 1e9);
            System.out.println();
            System.out.println("| publish of " + String.format(Locale.ROOT, "%.2f", megabytes) + " MB bundles "
                    + "| publishes | bricks/s | p50 ms per publish | bricks/s ÷ sequential HTTP |");
            System.out.println("|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| %s (anchor) | %d | %.2f | %.0f | 1.000 |%n", contenders.get(0).name(),
                    sequentialEach.count(), sequential, sequentialEach.percentileMillis(0.5));
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.0f | %s |%n", contenders.get(1).name(),
                    concurrentEach.count(), concurrent, concurrentEach.percentileMillis(0.5),
                    ratio(concurrent / sequential));
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.0f | %s |%n", contenders.get(2).name(),
                    samples.get(2).count(), inProcess, samples.get(2).percentileMillis(0.5),
                    ratio(inProcess / sequential));
            double publishMillis = samples.get(2).percentileMillis(0.5);
            System.out.println();
            System.out.println("| step of a publish, in-process, same rounds | median ms "
                    + "| ÷ in-process publish p50 |");
            System.out.println("|---|---|---|");
            for (int s = 3; s < contenders.size(); s++) {
                double millis = samples.get(s).percentileMillis(0.5);
                System.out.printf(Locale.ROOT, "| %s | %.1f | %s |%n", contenders.get(s).name(), millis,
                        ratio(millis / publishMillis));
            }
            System.out.println();
        } finally {
            clients.shutdownNow();
        }
    }

    // ----------------------------------------------------------------------------------------------------- report

    private static void printLatencyTable(List<Row> rows, int trivial) {
        System.out.println();
        System.out.println("| operation | calls | p50 ms | p99 ms | max ms | p50 ÷ in-process | p50 ÷ trivial GET |");
        System.out.println("|---|---|---|---|---|---|---|");
        double trivialMillis = rows.get(trivial).samples().percentileMillis(0.5);
        for (Row row : rows) {
            LatencySamples samples = row.samples();
            double p50 = samples.percentileMillis(0.5);
            String inProcess = row.counterpart() < 0 ? ""
                    : ratio(p50 / rows.get(row.counterpart()).samples().percentileMillis(0.5));
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.1f | %s | %s |%n", row.name(),
                    samples.count(), p50, samples.percentileMillis(0.99), samples.percentileMillis(1.0), inProcess,
                    ratio(p50 / trivialMillis));
        }
        System.out.println();
    }

    private static void checkTarget(String what, double millis, double target) {
        System.out.printf(Locale.ROOT, "%s: %.2f ms (target <= %.0f ms): %s%n", what, millis, target,
                millis <= target ? "met" : "NOT met");
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }


    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The items over and over, in order. */
    private static <T> Iterator<T> cycle(List<T> items) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public T next() {
                return items.get(next++ % items.size());
            }
        };
    }
}
