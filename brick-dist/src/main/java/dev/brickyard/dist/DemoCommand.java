package dev.brickyard.dist;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.cli.UsageException;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InferenceRequest;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.http.client.HostClient;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.http.server.ServerLogging;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import dev.brickyard.tools.pack.BrickPacker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brick demo}: the whole platform on one machine. Starts a registry (embedded H2 in a temporary folder) and a
 * host, publishes the example bricks to the registry, installs them in the host by reference, answers sample
 * requests with routing, publishes a new version of one brick and swaps the host to it while clients keep sending
 * requests, then prints the addresses of the web pages and APIs and runs until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a registry and a host on this machine: publish the example bricks, install them by "
                + "reference, answer sample requests with routing, swap a brick live, then keep serving until "
                + "Ctrl-C (or exit at once with --once).",
                "Everything is kept in a temporary folder that is deleted at exit."})
public final class DemoCommand implements Callable<Integer> {
    static final List<String> SAMPLES = List.of(
            "The new phone's battery lasts two days and the camera is stunning.",
            "Parliament rejected the budget after a heated overnight debate.",
            "I can't stop shaking, there is someone walking around downstairs.",
            "The striker scored twice in the final minutes to win the cup.",
            "Shares of the retailer fell 12% after it cut its yearly forecast.",
            "Are you open on Sunday afternoon?");
    /** Shop jargon the adapter brick was fitted on (in contexts it did not see), asked of the shop's FAQ. */
    static final List<String> JARGON = List.of("Is BOPIS free?", "Is there a restocking fee?",
            "What is the ETA on my kayak?");
    static final BrickId ADAPTER = BrickId.parse("brickyard/shop-terms");
    static final BrickId FAQ = BrickId.parse("brickyard/shop-faq");
    /** The brick the demo re-releases and swaps to while requests are running. */
    static final BrickId SWAPPED = BrickId.parse("brickyard/sentiment");
    private static final String NAMESPACE = "brickyard";

    @Spec
    CommandSpec spec;

    @Option(names = "--bundles", paramLabel = "DIR",
            description = "Folder searched for *.jar brick bundles (default: the example bundles built in this "
                    + "checkout, bundles/*/target).")
    Path bundleFolder;

    @Option(names = "--registry-port", defaultValue = "8080",
            description = "The registry's port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--host-port", defaultValue = "8081",
            description = "The host's port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int hostPort;

    @Option(names = "--once", description = "Stop after the tour instead of serving until Ctrl-C.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> bundles = findBundles();
        ServerLogging.quiet();
        Path data = Files.createTempDirectory("brickyard-demo-");
        RegistryServer registry = null;
        HostServer host = null;
        boolean serving = false;
        try {
            out.println("Brickyard demo: a registry and a host on this machine.");
            out.println();
            registry = started(() -> RegistryServer.start(RegistryConfig.embedded(data.resolve("registry"),
                    registryPort)), "--registry-port", registryPort);
            out.printf("registry  %s  (H2 and blobs under %s)%n", registry.uri(), data);
            String token = registry.registry().tokens().create(NAMESPACE, TokenRecord.Scope.NAMESPACE_SCOPES,
                    "brick demo").secret();
            RegistryClient publisher = new RegistryClient(registry.uri(), token, line -> { });
            Map<BrickId, Path> published = new LinkedHashMap<>();
            for (Path bundle : bundles) {
                VerifiedBrick brick = new BrickVerifier().verify(bundle);
                BrickId id = brick.manifest().brickId();
                publisher.publish(id, brick.manifest().semVer(), bundle, TransferProgress.SILENT);
                published.put(id, bundle);
                out.printf("  published %s@%s (%s, %d bytes)%n", id, brick.manifest().version(),
                        brick.manifest().kind().jsonName(), brick.size());
            }

            out.println();
            out.println("Opening a host: embedded Felix + all-MiniLM-L6-v2 on ONNX Runtime ...");
            out.flush();
            long opening = System.nanoTime();
            RegistryServer source = registry;
            host = started(() -> HostServer.start(BrickHost.open(HostOptions.defaults().forServing()), "127.0.0.1", hostPort,
                    new RegistryClient(source.uri())), "--host-port", hostPort);
            out.printf(Locale.ROOT, "host      %s  (ready in %.1f s)%n", host.uri(), (System.nanoTime() - opening) / 1e9);
            HostClient client = new HostClient(host.uri(), line -> { });
            for (BrickId id : published.keySet()) {
                JsonNode installed = client.install(id + "@^1");
                out.printf("  installed %s@%s from the registry (%s, %d bytes of weights)%n", installed.path("id")
                        .asText(), installed.path("version").asText(), installed.path("kind").asText(),
                        installed.path("weightBytes").asLong());
            }

            out.println();
            out.printf(Locale.ROOT, "Routing: each sentence goes to the 2 bricks whose routing key is closest to it, "
                    + "if it scores at least the host's default minimum, %.2f.%n",
                    InferenceRequest.Routing.DEFAULT_MIN_SCORE);
            printAnswers(out, client.infer(new HostClient.InferRequest(SAMPLES, null,
                    new HostClient.InferRequest.Route(2, null), null)));

            if (published.containsKey(ADAPTER) && published.containsKey(FAQ)) {
                out.println();
                adapterTour(out, client);
            }

            if (published.containsKey(SWAPPED)) {
                out.println();
                liveSwap(out, publisher, client, published.get(SWAPPED), data);
            }

            out.println();
            out.println("Open:");
            out.printf("  registry web pages  %s%n", registry.uri());
            out.printf("  a brick's page      %sbricks/%s%n", registry.uri(), SWAPPED);
            out.printf("  registry API        %sv1/bricks   (OpenAPI: %sopenapi.json)%n", registry.uri(), registry.uri());
            out.printf("  host bricks         %sv1/bricks   (OpenAPI: %sopenapi.json)%n", host.uri(), host.uri());
            out.printf("  host metrics        %smetrics%n", host.uri());
            out.printf("  try  curl -s %sv1/infer -H 'Content-Type: application/json' -d '{\"text\": \"When do you open "
                    + "on Sunday?\", \"route\": {\"topK\": 1}}'%n", host.uri());
            out.printf("  or   brick host infer --host %s --route \"When do you open on Sunday?\"%n", host.uri());
            if (once) {
                return 0;
            }
            out.println();
            out.println("Serving until Ctrl-C.");
            out.flush();
            RegistryServer runningRegistry = registry;
            HostServer runningHost = host;
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runningHost.close();
                runningRegistry.close();
                deleteTree(data);
                stopped.countDown();
            }, "demo-shutdown"));
            serving = true;
            stopped.await();
            return 0;
        } finally {
            if (!serving) {
                if (host != null) {
                    host.close();
                }
                if (registry != null) {
                    registry.close();
                }
                deleteTree(data);
            }
        }
    }

    /**
     * Asks the shop's FAQ questions in shop jargon, first with the base model alone, then with the adapter brick
     * named in the request: the adapter changes the base model's run for that request only.
     */
    private static void adapterTour(PrintWriter out, HostClient client) throws Exception {
        out.println("An adapter inside the base model: " + ADAPTER + " (LoRA, fitted in closed form) pulls shop "
                + "jargon toward its meaning, for the requests that name it.");
        HostClient.InferRequest.Knowledge best = new HostClient.InferRequest.Knowledge(1, null);
        JsonNode plain = client.infer(new HostClient.InferRequest(JARGON, List.of(FAQ.toString()), null, null,
                best));
        JsonNode adapted = client.infer(new HostClient.InferRequest(JARGON, List.of(ADAPTER.toString(),
                FAQ.toString()), null, null, best));
        for (int i = 0; i < JARGON.size(); i++) {
            out.println("\"" + JARGON.get(i) + "\"");
            printBestFact(out, "base model", plain.path("results").path(i));
            printBestFact(out, "with " + ADAPTER.name(), adapted.path("results").path(i));
        }
        out.println("  (the brick's card reports its held-out evaluation: brick info " + ADAPTER + ")");
        out.flush();
    }

    private static void printBestFact(PrintWriter out, String how, JsonNode result) {
        JsonNode match = result.path("answers").path(0).path("matches").path(0);
        out.printf(Locale.ROOT, "  %-18s %.2f  %s%n", how, match.path("score").floatValue(),
                match.path("key").asText());
    }

    /**
     * Publishes the swapped brick again as a new version, then swaps the host to it while two clients keep sending
     * requests, and reports how long the swap took and how many requests failed (none should).
     */
    private void liveSwap(PrintWriter out, RegistryClient publisher, HostClient client, Path original, Path data)
            throws Exception {
        BrickManifest manifest = new BrickVerifier().verify(original).manifest();
        SemVer next = SemVer.parse(manifest.semVer().major() + "." + (manifest.semVer().minor() + 1) + ".0");
        Path release = rereleased(original, next, data);
        publisher.publish(SWAPPED, next, release, TransferProgress.SILENT);
        out.printf("Live swap: published %s@%s; swapping the host to it while 2 clients send requests ...%n",
                SWAPPED, next);
        out.flush();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        client.infer(new HostClient.InferRequest(List.of(SAMPLES.get(0)), List.of(SWAPPED.toString()),
                                null, null));
                        answered.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }, "demo-client-" + c);
            thread.start();
            clients.add(thread);
        }
        Thread.sleep(300);
        long start = System.nanoTime();
        JsonNode swapped = client.swapToVersion(SWAPPED, next);
        double millis = (System.nanoTime() - start) / 1e6;
        Thread.sleep(300);
        running.set(false);
        for (Thread thread : clients) {
            thread.join();
        }
        JsonNode after = client.infer(new HostClient.InferRequest(List.of(SAMPLES.get(0)), List.of(SWAPPED.toString()),
                null, null));
        out.printf(Locale.ROOT, "  swapped to %s@%s in %.0f ms; %d requests answered around the swap, %d failed; "
                        + "answers now come from %s%n", swapped.path("id").asText(), swapped.path("version").asText(),
                millis, answered.get(), failed.get(), after.path("bricks").get(0).asText());
        out.printf("  the previous version stays available: brick host rollback %s --host %s%n", SWAPPED,
                client.base());
    }

    /** The bundle packed again from its own files with another version (same weights, a new release). */
    private static Path rereleased(Path bundle, SemVer version, Path data) throws Exception {
        Path folder = Files.createDirectories(data.resolve("rerelease"));
        BrickManifest manifest;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(bundle.toFile())) {
            manifest = ManifestJson.read(zip.getInputStream(zip.getEntry("brick/brick.json")).readAllBytes())
                    .withVersion(version.toString());
            String card = new String(zip.getInputStream(zip.getEntry("brick/README.md")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("README.md"), card.replaceFirst("(?m)^version: .*$",
                    "version: " + version));
            for (String weights : manifest.weights()) {
                Files.write(folder.resolve(weights), zip.getInputStream(zip.getEntry("brick/" + weights))
                        .readAllBytes());
            }
        }
        Files.write(folder.resolve("brick.json"), ManifestJson.write(manifest));
        Path jar = data.resolve(BrickPacker.fileName(manifest));
        new BrickPacker().pack(folder, jar);
        return jar;
    }

    private static void printAnswers(PrintWriter out, JsonNode response) {
        for (JsonNode result : response.path("results")) {
            out.println("\"" + result.path("text").asText() + "\"");
            if (result.path("answers").isEmpty()) {
                out.println("  no brick: none is close enough");
            }
            for (JsonNode answer : result.path("answers")) {
                String brick = answer.path("brick").asText() + "@" + answer.path("version").asText();
                String route = String.format(Locale.ROOT, "route %.2f", answer.path("routeScore").floatValue());
                if (answer.has("error")) {
                    out.printf("  %-28s %s  failed: %s%n", brick, route, answer.path("error").asText());
                } else if (answer.has("matches")) {
                    JsonNode best = answer.path("matches").path(0);
                    out.printf(Locale.ROOT, "  %-28s %s  %.2f  %s -> %s%n", brick, route, best.path("score")
                            .floatValue(), best.path("key").asText(), best.path("value").isTextual()
                            ? best.path("value").asText() : best.path("value").toString());
                } else {
                    out.printf(Locale.ROOT, "  %-28s %s  %s %.2f%n", brick, route, answer.path("label").asText(),
                            answer.path("confidence").floatValue());
                }
            }
        }
        out.flush();
    }

    private interface Start<T> {
        T start() throws Exception;
    }

    /** Starts a server, turning a taken port into a usage error that says what to do. */
    private static <T> T started(Start<T> server, String option, int port) throws Exception {
        try {
            return server.start();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof java.net.BindException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw new UsageException("port " + port + " is in use; pass " + option + " with a free port, or 0");
            }
            throw e;
        }
    }

    private List<Path> findBundles() throws IOException {
        List<Path> found = new ArrayList<>();
        if (bundleFolder != null) {
            collect(bundleFolder, found);
        } else {
            Path home = Path.of(System.getProperty("brickyard.home", "."));
            try (Stream<Path> bricks = Files.list(home.resolve("bundles"))) {
                for (Path brick : bricks.sorted().toList()) {
                    if (Files.isDirectory(brick.resolve("target"))) {
                        collect(brick.resolve("target"), found);
                    }
                }
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(home.resolve("bundles") + ": run ./brick from the checkout, or pass "
                        + "--bundles DIR");
            }
        }
        if (found.isEmpty()) {
            throw new NoSuchFileException("no brick bundles found; build them with 'mvn -q install -DskipTests' "
                    + "or pass --bundles DIR");
        }
        return found;
    }

    private static void collect(Path folder, List<Path> found) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder + ": no such folder");
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().forEach(found::add);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
