package dev.brickyard.bench;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
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
import dev.brickyard.registry.search.SearchHit;
import dev.brickyard.registry.search.SearchIndex;
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
 * (options {@code --search-rounds N --download-rounds N --publish-rounds N}, 0 rounds skip a part;
 * {@code --query-precision fp32|int8}, the registry's query model, INT8 unless given).
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

    private record Options(int searchRounds, int downloadRounds, int publishRounds, BaseModelVariant queryModel) {
        static Options parse(String[] args) {
            int search = 25;
            int download = 20;
            int publish = 3;
            BaseModelVariant queryModel = RegistryConfig.DEFAULT_QUERY_MODEL;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--search-rounds" -> search = Integer.parseInt(args[i + 1]);
                    case "--download-rounds" -> download = Integer.parseInt(args[i + 1]);
                    case "--publish-rounds" -> publish = Integer.parseInt(args[i + 1]);
                    case "--query-precision" -> queryModel = BaseModelVariant.valueOf(args[i + 1].toUpperCase(Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(search, download, publish, queryModel);
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
                     .withLimits(ServerLimits.DEFAULT.withClientRate(0))
                     .withQueryModel(options.queryModel()))) {
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
        // the other query model, for the steps of a new query and for the agreement of the two
        BaseModelVariant otherVariant = registry.queryModel().variant() == BaseModelVariant.FP32
                ? BaseModelVariant.INT8 : BaseModelVariant.FP32;
        try (BaseModel otherModel = BaseModel.load(otherVariant, RegistryServer.Registry.QUERY_THREADS, false);
             BaseModel spinningFp32 = BaseModel.load(BaseModelVariant.FP32)) {
            SearchIndex otherIndex = new SearchIndex(registry.store(), otherModel);
            otherIndex.refresh();
            Iterator<String> coldOther = queries.subList(REPEATED_QUERIES, REPEATED_QUERIES + coldPerContender)
                    .iterator();
            Iterator<String> embedCycle = cycle(queries);
            BaseModel fp32 = otherVariant == BaseModelVariant.FP32 ? otherModel : registry.queryModel();
            BaseModel int8 = otherVariant == BaseModelVariant.INT8 ? otherModel : registry.queryModel();
            List<RotatedRounds.Contender> steps = List.of(
                    new RotatedRounds.Contender("embed a query, FP32, " + RegistryServer.Registry.QUERY_THREADS
                            + " thread, no spinning", coldPerTurn, () -> fp32.embed(embedCycle.next())),
                    new RotatedRounds.Contender("embed a query, INT8, " + RegistryServer.Registry.QUERY_THREADS
                            + " thread, no spinning", coldPerTurn, () -> int8.embed(embedCycle.next())),
                    new RotatedRounds.Contender("embed a query, FP32, " + Runtime.getRuntime().availableProcessors()
                            + " threads, spinning (the query model before 2026-12-06)", coldPerTurn,
                            () -> spinningFp32.embed(embedCycle.next())),
                    new RotatedRounds.Contender("in-process search, new query, " + otherVariant + " query model",
                            coldPerTurn, () -> firstPage(otherIndex, coldOther.next())));
            measureSearch(rounds, coldPerTurn, repeatedPerTurn, queries, bricks, steps);
            agreement(queries, otherIndex, otherVariant);
        }
    }

    private void measureSearch(int rounds, int coldPerTurn, int repeatedPerTurn, List<String> queries,
                        List<SyntheticCatalog.BrickSpec> bricks, List<RotatedRounds.Contender> steps)
            throws Exception {
        int coldPerContender = (WARMUP_ROUNDS + rounds) * coldPerTurn;
        int queryCount = queries.size();
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
        String queryModel = registry.queryModel().variant() + " query model";

        List<RotatedRounds.Contender> contenders = new ArrayList<>(List.of(
                new RotatedRounds.Contender("HTTP GET, trivial (304 of the stylesheet)", repeatedPerTurn,
                        () -> client.getNotModified(stylesheet, etag)),
                new RotatedRounds.Contender("in-process search, repeated query", repeatedPerTurn,
                        () -> firstPage(registry.index(), repeatedCycle.next())),
                new RotatedRounds.Contender("in-process search, new query, " + queryModel, coldPerTurn,
                        () -> firstPage(registry.index(), coldInProcess.next())),
                new RotatedRounds.Contender("HTTP search, repeated query", repeatedPerTurn,
                        () -> client.get("v1/bricks?q=" + HttpProbe.encode(repeatedCycleHttp.next()))),
                new RotatedRounds.Contender("HTTP search, new query, " + queryModel, coldPerTurn,
                        () -> client.get("v1/bricks?q=" + HttpProbe.encode(coldHttp.next()))),
                new RotatedRounds.Contender("in-process store.versions (what resolve reads)", repeatedPerTurn,
                        () -> registry.store().versions(versionsCycle.next())),
                new RotatedRounds.Contender("HTTP resolve @^1", repeatedPerTurn,
                        () -> client.get("v1/resolve?ref=" + HttpProbe.encode(resolveCycle.next() + "@^1")
                                + "&base=" + BASE))));
        contenders.addAll(steps);
        long start = System.nanoTime();
        List<LatencySamples> samples = RotatedRounds.measure(contenders, WARMUP_ROUNDS, rounds);
        System.out.printf(Locale.ROOT, "search: %d rounds in %.1f s%n", rounds, seconds(start));

        // each HTTP row is compared with the in-process row that does the same work without HTTP
        int[] counterparts = {-1, -1, -1, 1, 2, -1, 5, -1, -1, -1, -1};
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
        checkTarget("HTTP search p50, new query (" + queryModel + ")", samples.get(4).percentileMillis(0.5), 5.0);
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

    private static ResultPage firstPage(SearchIndex index, String text) {
        SearchQuery query = textQuery(text);
        return ResultPage.of(index.search(query), query, null, 20);
    }

    /**
     * How far the first pages of the registry's query model agree with those of the other model, over every
     * benchmark query: both rank the same keys (FP32 embeddings of the bricks), only the query's embedding differs.
     */
    private void agreement(List<String> queries, SearchIndex other, BaseModelVariant otherVariant) {
        int samePage = 0;
        int sameFirst = 0;
        int sameSet = 0;
        double overlap = 0;
        double largestShift = 0;
        double shifts = 0;
        int scored = 0;
        for (String text : queries) {
            List<SearchHit> mine = firstPage(registry.index(), text).hits();
            List<SearchHit> theirs = firstPage(other, text).hits();
            List<String> mineIds = mine.stream().map(hit -> hit.latest().brick().toString()).toList();
            List<String> theirIds = theirs.stream().map(hit -> hit.latest().brick().toString()).toList();
            samePage += mineIds.equals(theirIds) ? 1 : 0;
            sameFirst += !mineIds.isEmpty() && !theirIds.isEmpty() && mineIds.get(0).equals(theirIds.get(0)) ? 1 : 0;
            sameSet += new java.util.HashSet<>(mineIds).equals(new java.util.HashSet<>(theirIds)) ? 1 : 0;
            overlap += theirIds.isEmpty() ? 1
                    : mineIds.stream().filter(theirIds::contains).count() / (double) theirIds.size();
            for (SearchHit hit : mine) {
                for (SearchHit their : theirs) {
                    if (their.latest().brick().equals(hit.latest().brick())) {
                        double shift = Math.abs(hit.semanticScore() - their.semanticScore());
                        largestShift = Math.max(largestShift, shift);
                        shifts += shift;
                        scored++;
                    }
                }
            }
        }
        int n = queries.size();
        System.out.printf(Locale.ROOT, "first pages (20) of %d queries, %s query model against %s, same keys: "
                        + "identical %d (%.1f %%), same bricks in another order %d, same first hit %d (%.1f %%), mean "
                        + "overlap %.3f; semantic score of a brick on both pages differs by %.4f on average, at most "
                        + "%.4f%n", n, registry.queryModel().variant(), otherVariant, samePage, 100.0 * samePage / n,
                sameSet - samePage, sameFirst, 100.0 * sameFirst / n, overlap / n, shifts / Math.max(1, scored),
                largestShift);
    }

    private static SearchQuery textQuery(String text) {
        return new SearchQuery(text, null, null, null, null, null, SearchQuery.Sort.RELEVANCE, false);
    }

    // -------------------------------------------------------------------------------------------------- download

    private void download(int rounds) throws Exception {
        if (rounds == 0) {
            return;
        }
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
        if (rounds == 0) {
            return;
        }
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
