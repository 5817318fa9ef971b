package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.dist.BrickCli;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.registry.store.TokenRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Ctrl-C during {@code brick publish}: the command, run as a process of its own, is sent SIGINT while its upload is
 * in flight. It says the upload was cut off and exits as an interrupted program does; the registry keeps no trace
 * of the version (no row, no blob, no staging file, 404 to readers); and publishing the same bundle again just works.
 */
class InterruptedPublishTest {
    /** A JVM ended by SIGINT exits with 128 + 2, as shells report an interrupted program. */
    private static final int EXIT_ON_SIGINT = 130;
    private static final long WAIT_SECONDS = 120;
    private static final long UPLOAD_HELD_AFTER = 4L << 20;
    private static final BrickId ID = BrickId.parse("acme/big");

    @TempDir
    Path temp;

    @Test
    void ctrlCDuringUploadLeavesNoVersionAndTheRetryPublishes() throws Exception {
        byte[] padding = new byte[24 << 20];
        new Random(7).nextBytes(padding);
        byte[] bundle = BrickJar.head(ID.toString(), "1.0.0", "relevant", "irrelevant")
                .entry("brick/padding.bin", padding).bytes();
        Path jar = Files.write(temp.resolve("big.jar"), bundle);
        String digest = sha256(bundle);
        Path data = temp.resolve("registry");
        Path config = Files.createDirectories(temp.resolve("config"));

        try (RegistryServer server = RegistryServer.start(RegistryConfig.embedded(data, 0));
             HoldingProxy proxy = new HoldingProxy(server.uri().getPort(), UPLOAD_HELD_AFTER)) {
            String token = server.registry().tokens()
                    .create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "test").secret();
            JdbcBrickStore store = server.registry().store();
            Path staging = data.resolve("staging");
            Path out = temp.resolve("publish.out");
            Path err = temp.resolve("publish.err");

            ProcessBuilder publish = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"), BrickCli.class.getName(),
                    "publish", jar.toString(), "--registry", proxy.uri().toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            publish.environment().put("BRICKYARD_TOKEN", token);
            publish.environment().put("BRICKYARD_CONFIG_DIR", config.toString());
            Process cli = publish.start();
            try {
                assertTrue(proxy.awaitHeld(), "the upload never got " + UPLOAD_HELD_AFTER + " bytes far:\n"
                        + Files.readString(err));
                // the registry is receiving: its staging file holds part of the bundle
                await(() -> staged(staging).stream().anyMatch(file -> file.toFile().length() > 0),
                        "the registry never started to stage the upload");
                assertTrue(cli.isAlive(), "brick publish ended before the upload was complete");

                Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).inheritIO().start();
                assertEquals(0, kill.waitFor(), "kill -INT failed");
                assertTrue(cli.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "brick publish did not stop on Ctrl-C");
            } finally {
                cli.destroyForcibly().waitFor();
            }
            String printed = Files.readString(out);
            String warned = Files.readString(err);
            assertEquals(EXIT_ON_SIGINT, cli.exitValue(), "--- out\n" + printed + "--- err\n" + warned);
            assertTrue(warned.contains("interrupted: the upload of acme/big@1.0.0 was cut off"), warned);
            assertFalse(printed.contains("published"), printed);

            // the bytes still in flight, then the end of the dead client's connection, reach the registry
            proxy.release();
            await(() -> staged(staging).isEmpty(), "the registry kept the staging file of the cut-off upload");
            assertEquals(List.of(), store.versions(ID), "a cut-off upload created a version");
            assertTrue(server.registry().blobs().find(digest).isEmpty(), "a cut-off upload left a blob");
            try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
                assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "a cut-off upload left a blob");
            }
            HttpResponse<String> detail = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(server.uri().resolve("v1/bricks/acme/big/1.0.0")).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(404, detail.statusCode(), detail.body());

            StringWriter retryOut = new StringWriter();
            StringWriter retryErr = new StringWriter();
            CommandLine retry = BrickCli.commandLine(new CliEnvironment(Map.of("BRICKYARD_TOKEN", token,
                    "BRICKYARD_CONFIG_DIR", config.toString()), temp, false, InputStream.nullInputStream()));
            retry.setOut(new PrintWriter(retryOut, true));
            retry.setErr(new PrintWriter(retryErr, true));
            int exitCode = retry.execute("publish", jar.toString(), "--registry", server.uri().toString());
            assertEquals(0, exitCode, "--- out\n" + retryOut + "--- err\n" + retryErr);
            assertTrue(retryOut.toString().contains("published acme/big@1.0.0"), retryOut.toString());
            assertEquals(digest, store.version(ID, SemVer.parse("1.0.0")).orElseThrow().digest());
            assertTrue(server.registry().blobs().find(digest).isPresent(), "the retried bundle has no blob");
            assertEquals(List.of(), staged(staging), "a completed publish left a staging file");
        }
    }

    /** The registry's staging files: uploads being received (see FsBlobStore). */
    private static List<Path> staged(Path staging) {
        try (Stream<Path> files = Files.list(staging)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a condition the registry reaches on its own threads, failing after a generous deadline. */
    private static void await(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(failure);
            }
            Thread.sleep(20);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * A loopback TCP relay to the registry that forwards the first {@code limit} bytes a client sends and then holds
     * the rest until released, so an upload through it is certainly in flight, part sent and part not, when the test
     * interrupts the client. Answers flow back unhindered. When a side closes, the relay closes the other, as the
     * network would.
     */
    private static final class HoldingProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final int targetPort;
        private final long limit;
        private final AtomicLong forwarded = new AtomicLong();
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        HoldingProxy(int targetPort, long limit) throws IOException {
            this.targetPort = targetPort;
            this.limit = limit;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon("proxy-accept", this::accept);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
        }

        /** True once {@code limit} bytes went through and the rest is being held. */
        boolean awaitHeld() throws InterruptedException {
            return held.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Lets the held bytes, and whatever follows them (such as the client's close), through. */
        void release() {
            released.countDown();
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(server);
                    daemon("proxy-upload", () -> relay(client, server, true));
                    daemon("proxy-answer", () -> relay(server, client, false));
                }
            } catch (IOException closed) {
                // the proxy was closed
            }
        }

        private void relay(Socket from, Socket to, boolean holding) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int room = buffer.length;
                    if (holding && released.getCount() > 0) {
                        long left = limit - forwarded.get();
                        if (left <= 0) {
                            held.countDown();
                            released.await();
                            continue;
                        }
                        room = (int) Math.min(room, left);
                    }
                    int read = in.read(buffer, 0, room);
                    if (read < 0) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                    if (holding) {
                        forwarded.addAndGet(read);
                    }
                }
            } catch (IOException | InterruptedException broken) {
                close(from);
                close(to);
            }
        }

        private static void daemon(String name, Runnable task) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        }

        private static void close(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            released.countDown();
            listener.close();
            sockets.forEach(HoldingProxy::close);
        }
    }
}
