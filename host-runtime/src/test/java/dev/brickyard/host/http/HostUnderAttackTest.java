package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.CapturedLog;
import dev.brickyard.base.fixtures.RawHttp;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.http.server.ServerLimits;
import dev.brickyard.http.server.ServerLogging;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 11 on a real host over HTTP, each asserting what the issue asks: the documented status and
 * code, {@code /v1/health} answering within a second while it goes on, threads back within 10 % afterwards, nothing
 * stored, and no stack trace in the log (at most one line per request).
 */
class HostUnderAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final int HALF_SENT_UPLOADS = 2_000;
    private static final ServerLimits LIMITS = new ServerLimits(8, 8, Duration.ofSeconds(1), 256,
            Duration.ofSeconds(2), Duration.ofSeconds(1), 64 << 10, 1 << 20, 0, Duration.ofSeconds(2));

    @TempDir
    static Path storage;
    static HostServer server;
    static CapturedLog log;

    @BeforeAll
    static void start() throws Exception {
        // The log as a served host writes it: our one-line formats, library noise at the levels a server sets.
        ServerLogging.configure();
        server = HostServer.start(BrickHost.open(HostOptions.defaults().withStorage(storage)), "127.0.0.1", 0, null,
                LIMITS);
        log = CapturedLog.attach();
    }

    @AfterAll
    static void stop() {
        log.close();
        server.close();
    }

    @BeforeEach
    void forgetTheLog() {
        log.clear();
    }

    @Test
    void twoThousandHalfSentUploadsAreCutOffWhileHealthAnswers() throws Exception {
        assertHealthyWithinASecond();
        awaitThreadsSettled();
        int threadsBefore = Thread.activeCount();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < HALF_SENT_UPLOADS; i++) {
                Socket socket = RawHttp.connect(server.uri());
                sockets.add(socket);
                socket.getOutputStream().write(("POST /v1/bricks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/java-archive\r\nContent-Length: 500000\r\n\r\nPK\3\4")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            assertTrue(server.http().threads() <= LIMITS.threads(), "threads " + server.http().threads());
            assertHealthyWithinASecond();
            for (Socket socket : sockets) {
                String answer = RawHttp.readUntilClosed(socket);
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 503")
                        || answer.startsWith("HTTP/1.1 400"), answer);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertHealthyWithinASecond();
        assertNothingStored();
        assertEquals(List.of(), log.stackTraces(), "no stack traces");
        assertTrue(log.count("body_broken") <= HALF_SENT_UPLOADS, "at most one line per upload");
        assertTrue(log.count("threads_exhausted") <= 1, "rejections are summed up in one line");
        awaitThreadsBackTo(threadsBefore);
    }

    @Test
    void aHugeDeclaredLengthIsRefusedBeforeAByteOfTheBody() throws Exception {
        try (Socket socket = RawHttp.connect(server.uri())) {
            socket.getOutputStream().write(("POST /v1/bricks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/java-archive\r\nContent-Length: 2147483648\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = RawHttp.readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"code\":\"upload_too_large\""), answer);
        }
        assertNothingStored();
        assertHealthyWithinASecond();
    }

    @Test
    void aTrickledUploadIsCutOffWithOneLogLine() throws Exception {
        try (Socket socket = RawHttp.connect(server.uri())) {
            socket.getOutputStream().write(("POST /v1/bricks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/java-archive\r\nContent-Length: 1000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 20 && !cut; i++) {
                try {
                    socket.getOutputStream().write('P');
                    socket.getOutputStream().flush();
                    // a byte every half of the body timeout: alive, then silent
                    Thread.sleep(i < 3 ? LIMITS.bodyTimeout().toMillis() / 2 : LIMITS.bodyTimeout().toMillis() * 2);
                } catch (SocketException e) {
                    cut = true;
                }
            }
            RawHttp.readUntilClosed(socket);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "cut off");
        }
        log.await("body_broken");
        assertEquals(1, log.count("body_broken"), log.messages().toString());
        assertEquals(List.of(), log.stackTraces(), "no stack traces");
        assertNothingStored();
    }

    @Test
    void aJsonBodyOverTheLimitIs413() throws Exception {
        String texts = "\"" + "a".repeat(1000) + "\",";
        String body = "{\"texts\": [" + texts.repeat(100) + "\"b\"]}";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "v1/infer"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, answer.statusCode(), answer.body());
        assertEquals("body_too_large", JSON.readTree(answer.body()).path("code").asText());
    }

    private static void assertHealthyWithinASecond() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "v1/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(millis < 1_000, "health answered in " + millis + " ms");
    }

    private static void assertNothingStored() throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            List<Path> staged = files.filter(Files::isRegularFile)
                    .filter(path -> path.toString().contains("staging")).toList();
            assertEquals(List.of(), staged, "no staged upload is left");
        }
        assertEquals(0, server.host().bricks().size(), "nothing installed");
    }

    /** The host's own background threads (Felix, ONNX Runtime) settle after start; wait for the count to hold. */
    private static void awaitThreadsSettled() throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 20 && Thread.activeCount() != last; i++) {
            last = Thread.activeCount();
            Thread.sleep(250);
        }
    }

    private static void awaitThreadsBackTo(int before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (Thread.activeCount() > before * 1.1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Thread.activeCount() <= before * 1.1, "threads " + Thread.activeCount() + ", before " + before);
    }
}
