package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.http.client.ProblemDocument;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.blob.StagedBlob;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.TokenRecord;
import dev.brickyard.registry.store.VersionRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host installing bricks by reference from a real registry, through a proxy that can break a download off: a
 * registry that goes away mid-download leaves the host as it was, and references the registry cannot serve get a
 * clear 4xx. The registry (Jersey, H2, blobs in a temporary folder), the host (Felix, the real base model) and the
 * CLI that publishes are all real.
 */
class HostRegistryFaultsTest {
    /** Large enough that a download is still running when the proxy cuts it. */
    private static final int PADDING_BYTES = 20 << 20;
    private static final long CUT_AFTER_BYTES = 4 << 20;
    private static final BaseModelRef OTHER_BASE = new BaseModelRef("bge-small-en-v1.5", 384,
            "sha256:" + "ab".repeat(32));

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static CuttingProxy proxy;
    static HostServer host;
    static String token;
    static Path big;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        // The registry sits behind the proxy, as behind a reverse proxy in production: its public URL is the proxy's,
        // so the download URLs it hands out lead through the proxy too.
        proxy = new CuttingProxy();
        registry = RegistryServer.start(RegistryConfig.embedded(shared.resolve("registry"), 0)
                .withPublicUrl(proxy.uri()));
        proxy.forwardTo(registry.uri());
        token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t").secret();
        byte[] padding = new byte[PADDING_BYTES];
        new Random(42).nextBytes(padding);
        big = BrickJar.head("acme/big", "1.0.0", "negative", "positive").entry("brick/padding.bin", padding)
                .writeTo(Files.createDirectories(shared.resolve("jars")), "big");
        CliRun published = publish(big);
        assertEquals(0, published.exitCode(), published.toString());
        host = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0,
                new RegistryClient(proxy.uri()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (host != null) {
            host.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aRegistryThatGoesAwayMidDownloadLeavesTheHostAsItWas() throws Exception {
        String bricksBefore = get("v1/bricks").body();
        List<String> bundlesBefore = host.host().osgiBundles();
        String download = "/v1/bricks/acme/big/1.0.0/download";

        proxy.cutNextDownloadAfter(CUT_AFTER_BYTES);
        Answer broken = installRef("acme/big@^1");
        assertTrue(proxy.requests().contains("GET " + download), "the host downloads through the registry URI it "
                + "was given; it asked the proxy for " + proxy.requests());
        assertEquals(1, proxy.cuts(), "the proxy cut the download off after " + CUT_AFTER_BYTES + " bytes");
        assertProblem(broken, 502, "registry_unavailable");
        assertEquals(bricksBefore, get("v1/bricks").body());
        assertEquals(bundlesBefore, host.host().osgiBundles());
        assertStagingEmpty();

        Answer installed = installRef("acme/big@^1");
        assertEquals(201, installed.status(), installed.toString());
        assertEquals(2, proxy.requests().stream().filter(("GET " + download)::equals).count(),
                proxy.requests().toString());
        assertTrue(installed.body().contains("\"digest\":\"" + BrickVerifier.sha256(big) + "\""), installed.body());
        assertTrue(get("v1/bricks").body().contains("\"id\":\"acme/big\""));
        assertStagingEmpty();
        assertEquals(204, send(HttpRequest.newBuilder(host.uri().resolve("v1/bricks/acme/big")).DELETE()).status());
    }

    @Test
    void unknownMalformedAndIncompatibleReferencesGetAClear4xx() throws Exception {
        String bricksBefore = get("v1/bricks").body();

        assertTrue(assertProblem(installRef("acme/nothing@^1"), 404, "brick_not_found").detail()
                .contains("acme/nothing is not published"));
        assertTrue(assertProblem(installRef("acme/big@^2"), 404, "brick_not_found").detail()
                .contains("published: [1.0.0]"));
        assertProblem(installRef("Not A Reference!"), 400, "bad_request");
        assertProblem(installRef("acme/big@^one"), 400, "bad_request");
        assertProblem(post("v1/bricks", "{}"), 400, "bad_request");

        // The registry refuses a brick built for another base model at publish ...
        BrickJar other = BrickJar.head("acme/bge-sentiment", "1.0.0", "negative", "positive").manifest(m ->
                new BrickManifest(m.schemaVersion(), m.id(), m.version(), m.kind(), m.origin(), m.granularity(),
                        m.description(), m.tags(), m.labels(), m.io(), m.routingKey(), m.metrics(), m.license(),
                        m.authors(), OTHER_BASE, m.weights()));
        CliRun refused = publish(other.writeTo(Files.createDirectories(shared.resolve("jars")), "other-base"));
        assertNotEquals(0, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("built for base model " + OTHER_BASE.name()), refused.err());
        // ... so store one the way a registry serving several base models would hold it; resolving it for the
        // host's base model finds nothing, and the host says why.
        storeForAnotherBase(other);
        ProblemDocument incompatible = assertProblem(installRef("acme/bge-sentiment@^1"), 404, "brick_not_found");
        assertTrue(incompatible.detail().contains("for base model " + host.host().baseModel().reference().name()),
                incompatible.detail());

        assertEquals(bricksBefore, get("v1/bricks").body());
        assertStagingEmpty();
    }

    @Test
    void aMistypedBrickIdGetsDidYouMeanFromTheRegistry() throws Exception {
        assertEquals(List.of("acme/big"), assertProblem(installRef("acme/bgi@^1"), 404, "brick_not_found")
                .suggestions(), "the host passes the registry's suggestions on");
        CliEnvironment user = CliRun.environment(shared.resolve("user"), Map.of());
        for (String[] command : List.of(
                new String[] {"info", "acme/bgi", "--registry", registry.uri().toString()},
                new String[] {"pull", "acme/bgi@^1", "-o", shared.resolve("pulled").toString(), "--registry",
                        registry.uri().toString()},
                new String[] {"host", "install", "acme/bgi", "--host", host.uri().toString()})) {
            CliRun run = CliRun.in(user, command);
            assertEquals(5, run.exitCode(), run.toString());
            assertTrue(run.err().contains("acme/bgi is not published here"), run.toString());
            assertTrue(run.err().lines().anyMatch("did you mean: acme/big?"::equals), run.toString());
        }
        CliRun far = CliRun.in(user, "info", "acme/weather-forecast", "--registry", registry.uri().toString());
        assertEquals(5, far.exitCode(), far.toString());
        assertTrue(!far.err().contains("did you mean"), "nothing close, no suggestion: " + far);
    }

    private static CliRun publish(Path jar) {
        return CliRun.in(CliRun.environment(shared, Map.of("BRICKYARD_TOKEN", token,
                "BRICKYARD_CONFIG_DIR", shared.resolve("config").toString())), "publish", jar.toString(),
                "--registry", registry.uri().toString());
    }

    private static void storeForAnotherBase(BrickJar brick) throws Exception {
        byte[] bytes = brick.bytes();
        Map<String, String> headers = new TreeMap<>();
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
            jar.getManifest().getMainAttributes().forEach((key, value) -> headers.put(key.toString(),
                    value.toString()));
        }
        RegistryServer.Registry services = registry.registry();
        StagedBlob staged = services.blobs().stage(new ByteArrayInputStream(bytes), bytes.length);
        BrickManifest manifest = brick.manifest();
        VersionRecord record = new VersionRecord(BrickId.parse(manifest.id()), SemVer.parse(manifest.version()),
                manifest.kind(), manifest.origin(), OTHER_BASE.name(), manifest.description(), List.of(), List.of(),
                "{}", "", headers, new float[OTHER_BASE.dim()], staged.digest(), staged.size(), false, null, 0,
                Instant.now(), "test");
        assertEquals(BrickStore.PublishOutcome.CREATED,
                services.store().publish(record, () -> services.blobs().commit(staged)));
        services.blobs().discard(staged);
    }

    private static void assertStagingEmpty() throws IOException {
        try (var staged = Files.list(host.host().stagingFolder())) {
            assertEquals(List.of(), staged.toList(), "no download is left in the host's staging folder");
        }
    }

    private static ProblemDocument assertProblem(Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.toString());
        ProblemDocument problem = ProblemDocument.parse(answer.status(), answer.body().getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("no problem document: " + answer));
        assertEquals(code, problem.code(), answer.toString());
        return problem;
    }

    private record Answer(int status, String body, String contentType) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static Answer installRef(String reference) throws Exception {
        return post("v1/bricks", "{\"ref\": \"" + reference + "\"}");
    }

    private static Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(host.uri().resolve(path)).GET());
    }

    private static Answer post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(host.uri().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    /**
     * A TCP proxy in front of the registry that forwards every byte both ways and remembers the request lines it
     * saw. When armed, it cuts the connection carrying the next {@code GET .../download} (closing both sockets)
     * once it has forwarded so many bytes of the answer, as a registry that goes away mid-download would.
     */
    static final class CuttingProxy implements AutoCloseable {
        private static final Pattern REQUEST_LINE = Pattern.compile("^([A-Z]+) (\\S+) HTTP/1\\.[01]$",
                Pattern.MULTILINE);
        private final ServerSocket server;
        private volatile InetSocketAddress target;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final AtomicLong armedCut = new AtomicLong(-1);
        private final AtomicLong cuts = new AtomicLong();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        CuttingProxy() throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "cutting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
        }

        /** Where the proxy forwards to; set before the first connection arrives. */
        void forwardTo(URI registry) {
            target = new InetSocketAddress(registry.getHost(), registry.getPort());
        }

        /** Cuts the next download off after forwarding {@code bytes} bytes of its answer. */
        void cutNextDownloadAfter(long bytes) {
            armedCut.set(bytes);
        }

        /** The request lines seen, as {@code METHOD path}. */
        List<String> requests() {
            return List.copyOf(requests);
        }

        long cuts() {
            return cuts.get();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    sockets.add(client);
                    sockets.add(upstream);
                    Connection connection = new Connection(client, upstream);
                    start(connection::forwardRequests);
                    start(connection::forwardAnswers);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private static void start(Runnable pump) {
            Thread thread = new Thread(pump, "cutting-proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }

        /** One client connection and its connection to the registry. */
        private final class Connection {
            private final Socket client;
            private final Socket upstream;
            /** Bytes of answer still to forward before cutting; -1 while this connection is not to be cut. */
            private volatile long cutAfter = -1;

            Connection(Socket client, Socket upstream) {
                this.client = client;
                this.upstream = upstream;
            }

            /** Client to registry; the host sends only GETs, so everything here is request lines and headers. */
            void forwardRequests() {
                StringBuilder text = new StringBuilder();
                byte[] buffer = new byte[8192];
                try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
                    for (int read; (read = in.read(buffer)) > 0; ) {
                        text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                        int end = text.lastIndexOf("\r\n");
                        if (end >= 0) {
                            Matcher line = REQUEST_LINE.matcher(text.substring(0, end).replace("\r", ""));
                            while (line.find()) {
                                requests.add(line.group(1) + " " + line.group(2));
                                if (line.group(1).equals("GET") && line.group(2).endsWith("/download")) {
                                    long armed = armedCut.getAndSet(-1);
                                    if (armed >= 0) {
                                        cutAfter = armed;
                                    }
                                }
                            }
                            text.delete(0, end + 2);
                        }
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side went away: so does the other
                } finally {
                    closeBoth();
                }
            }

            /** Registry to client, cut off when this connection carries an armed download. */
            void forwardAnswers() {
                byte[] buffer = new byte[64 * 1024];
                long forwarded = 0;
                try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
                    for (int read; (read = in.read(buffer)) > 0; ) {
                        out.write(buffer, 0, read);
                        out.flush();
                        if (cutAfter >= 0) {
                            forwarded += read;
                            if (forwarded >= cutAfter) {
                                cuts.incrementAndGet();
                                return;
                            }
                        }
                    }
                } catch (IOException e) {
                    // one side went away: so does the other
                } finally {
                    closeBoth();
                }
            }

            private void closeBoth() {
                for (Socket socket : List.of(client, upstream)) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
