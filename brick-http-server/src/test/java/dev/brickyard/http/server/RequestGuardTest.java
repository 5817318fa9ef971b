package dev.brickyard.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits every Brickyard server keeps, against a real JDK HTTP server with a small Jersey application and small
 * limits: bodies over the limit refused before they are read, stalled headers and bodies cut off, a full server
 * answering 503 with {@code Retry-After} while health still answers, and the threads back where they were.
 */
class RequestGuardTest {
    private static final ServerLimits LIMITS = new ServerLimits(2, 2, Duration.ofMillis(300), 64,
            Duration.ofSeconds(1), Duration.ofSeconds(1), 1_000, 10_000, 5, Duration.ofSeconds(2));
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static volatile CountDownLatch release = new CountDownLatch(0);
    private static volatile CountDownLatch entered = new CountDownLatch(0);

    private JerseyServer server;
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Path("/")
    public static final class Resources {
        @POST
        @Path("echo")
        @Consumes(MediaType.WILDCARD)
        @Produces(MediaType.TEXT_PLAIN)
        public String echo(InputStream body) throws IOException {
            return Integer.toString(body.readAllBytes().length);
        }

        @POST
        @Path("first")
        @Consumes(MediaType.WILDCARD)
        @Produces(MediaType.TEXT_PLAIN)
        public String first(InputStream body) throws IOException {
            return Character.toString(body.read());
        }

        @POST
        @Path("json")
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.TEXT_PLAIN)
        public String json(java.util.Map<String, Object> body) {
            return Integer.toString(body.size());
        }

        @GET
        @Path("slow")
        @Produces(MediaType.TEXT_PLAIN)
        public String slow() throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "done";
        }

        @GET
        @Path("search")
        @RateLimited
        @Produces(MediaType.TEXT_PLAIN)
        public String search() {
            return "found";
        }

        @GET
        @Path("health")
        @AlwaysAdmitted
        @Produces(MediaType.TEXT_PLAIN)
        public String health() {
            return "ok";
        }
    }

    @Provider
    public static final class Mapper extends ProblemMapperBase {
        @Override
        protected Response domainProblem(Throwable failure, String instance) {
            return null;
        }
    }

    @BeforeEach
    void start() {
        ResourceConfig application = JerseyServer.application();
        application.register(new Resources());
        application.register(Mapper.class);
        server = JerseyServer.start(application, "127.0.0.1", 0, "guard-test", LIMITS);
        Logger.getLogger("dev.brickyard").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("dev.brickyard").removeHandler(capture);
        release.countDown();
        server.close();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2147483648\r\n\r\n");
            String answer = readAnswer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"code\":\"body_too_large\""), answer);
            assertTrue(answer.contains("at most 1000 bytes"), answer);
        }
    }

    @Test
    void anUploadHasItsOwnLimitAndItsOwnCode() throws Exception {
        HttpResponse<String> small = post("application/java-archive", new byte[5_000]);
        assertEquals(200, small.statusCode(), small.body());
        assertEquals("5000", small.body());
        HttpResponse<String> large = post("application/java-archive", new byte[10_001]);
        assertEquals(413, large.statusCode());
        assertTrue(large.body().contains("\"code\":\"upload_too_large\""), large.body());
    }

    @Test
    void aBodyReadOnlyInPartStillLeavesTheConnectionOpenForTheNextRequest() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /first HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 300\r\n\r\n" + "a".repeat(300)
                    + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            String answers = readAnswer(socket);
            assertTrue(answers.startsWith("HTTP/1.1 200"), answers);
            assertEquals(2, answers.split("HTTP/1.1 200", -1).length - 1, "both answered on one connection: "
                    + answers);
            assertTrue(answers.endsWith("ok"), answers);
        }
    }

    @Test
    void aMalformedJsonBodyLeavesTheConnectionOpenToo() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 8\r\n\r\nnot json" + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            String answers = readAnswer(socket);
            assertTrue(answers.startsWith("HTTP/1.1 400"), answers);
            assertTrue(answers.contains("HTTP/1.1 200"), "the next request on the connection is answered: " + answers);
        }
    }

    @Test
    void aChunkedBodyCannotPassTheLimitEither() throws IOException {
        try (Socket socket = connect()) {
            StringBuilder request = new StringBuilder("POST /echo HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 5; i++) {
                request.append("1f4\r\n").append("x".repeat(500)).append("\r\n");
            }
            request.append("0\r\n\r\n");
            send(socket, request.toString());
            String answer = readAnswer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"code\":\"body_too_large\""), answer);
        }
    }

    @Test
    void aClientThatSearchesTooOftenIsAnswered429WithRetryAfter() throws Exception {
        int burst = 2 * LIMITS.clientRate();
        for (int i = 0; i < burst; i++) {
            assertEquals(200, CLIENT.send(get("search"), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        HttpResponse<String> refused = CLIENT.send(get("search"), HttpResponse.BodyHandlers.ofString());
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"code\":\"too_many_requests\""), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(200, CLIENT.send(get("health"), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "what is not rate-limited still answers");
        Thread.sleep(1_000 / LIMITS.clientRate() + 50);
        assertEquals(200, CLIENT.send(get("search"), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "a token again after 1/rate s");
    }

    @Test
    void aStalledBodyIsCutOffWithOneLogLine() throws Exception {
        int threadsBefore = Thread.activeCount();
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n0123456789");
            long start = System.nanoTime();
            assertClosedByServer(socket);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds <= 3, "closed after " + seconds + " s");
        }
        awaitLogged("body_broken");
        assertEquals(1, server.closedSlowConnections());
        List<String> lines = messages();
        assertEquals(1, lines.stream().filter(line -> line.startsWith("body_broken")).count(), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.contains("stalled after 10 of 100 bytes")), lines.toString());
        assertTrue(logged.stream().allMatch(record -> record.getThrown() == null), "no stack traces");
        awaitThreadsBackTo(threadsBefore);
    }

    /** The JDK server caps request headers itself ({@code jdk.http.maxHeaderSize}, 384 KiB by default). */
    @Test
    void hugeHeadersAreRefused() throws IOException {
        try (Socket socket = connect()) {
            String big = "X-Big: " + "a".repeat(8_000) + "\r\n";
            try {
                send(socket, "GET /health HTTP/1.1\r\nHost: x\r\n");
                for (int i = 0; i < 256; i++) {
                    send(socket, big);
                }
                send(socket, "\r\n");
            } catch (SocketException e) {
                // the server stopped reading and closed the connection: refused
            }
            String answer = readUntilClosed(socket);
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400"), answer);
        }
    }

    @Test
    void slowHeadersAreCutOff() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            assertClosedByServer(socket);
        }
        assertEquals(1, server.closedSlowConnections());
    }

    @Test
    void aBodyThatBreaksOffIsLoggedAsOneLine() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n0123456789");
            socket.shutdownOutput();
            readAnswer(socket);
        }
        awaitLogged("body_broken");
        assertTrue(messages().stream().anyMatch(line -> line.contains("after 10 of 100 bytes")), messages().toString());
        assertTrue(logged.stream().allMatch(record -> record.getThrown() == null), "no stack traces");
    }

    @Test
    void aFullServerAnswers503WithRetryAfterAndHealthStillAnswers() throws Exception {
        release = new CountDownLatch(1);
        entered = new CountDownLatch(LIMITS.workers());
        List<CompletableFuture<HttpResponse<String>>> busy = new ArrayList<>();
        for (int i = 0; i < LIMITS.workers() + LIMITS.queue(); i++) {
            busy.add(CLIENT.sendAsync(get("slow"), HttpResponse.BodyHandlers.ofString()));
        }
        assertTrue(entered.await(5, TimeUnit.SECONDS), "the workers are busy");
        awaitBusyWorkers(LIMITS.workers());
        // Workers and queue are full: the next request is refused at once.
        HttpResponse<String> refused = CLIENT.send(get("slow"), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(refused.body().contains("\"code\":\"overloaded\""), refused.body());
        long start = System.nanoTime();
        HttpResponse<String> health = CLIENT.send(get("health"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "health answered within 1 s");
        // The queued ones wait at most queueWait and are then refused too; the workers finish when released.
        Thread.sleep(LIMITS.queueWait().toMillis() + 200);
        release.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : busy) {
            statuses.add(answer.get(5, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(LIMITS.workers(), statuses.stream().filter(status -> status == 200).count(), statuses.toString());
        assertEquals(LIMITS.queue(), statuses.stream().filter(status -> status == 503).count(), statuses.toString());
        awaitBusyWorkers(0);
        assertEquals(200, CLIENT.send(get("slow"), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void manyHalfSentUploadsHoldNoMoreThanTheThreadLimitAndAreAllCutOff() throws Exception {
        int threadsBefore = Thread.activeCount();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = connect();
                sockets.add(socket);
                send(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/zip\r\n"
                        + "Content-Length: 5000\r\n\r\n0123456789");
            }
            assertTrue(server.threads() <= LIMITS.threads(), "threads " + server.threads());
            long start = System.nanoTime();
            HttpResponse<String> health = CLIENT.send(get("health"), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "health answered within 1 s");
            for (Socket socket : sockets) {
                String answer = readUntilClosed(socket);
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 503"), answer);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        awaitThreadsBackTo(threadsBefore);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(server.uri().getHost(), server.uri().getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything the server sends until it closes the connection or stops sending for a second. */
    private static String readAnswer(Socket socket) throws IOException {
        socket.setSoTimeout(1_000);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException | SocketException e) {
            // what was answered is in the buffer
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    /** The server closes the connection without answering (a reset or the end of the stream). */
    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        try {
            int read = socket.getInputStream().read();
            assertEquals(-1, read, "the server closed the connection");
        } catch (SocketException e) {
            // reset by the server: closed too
        }
    }

    /** What the server sends before it closes the connection, which it must do within 5 s. */
    private static String readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open", e);
        } catch (SocketException e) {
            // reset by the server: closed
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    private HttpResponse<String> post(String type, byte[] body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(server.uri().resolve("echo")).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(10)).build();
    }

    private synchronized List<String> messages() {
        return logged.stream().map(LogRecord::getMessage).toList();
    }

    private void awaitLogged(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (messages().stream().noneMatch(line -> line.startsWith(prefix)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private void awaitBusyWorkers(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.busyWorkers() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, server.busyWorkers());
    }

    /** Idle request threads go after {@link ServerLimits#idleThreads()}: then the count is within 10 %. */
    private static void awaitThreadsBackTo(int before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMITS.idleThreads().toSeconds() + 5);
        while (Thread.activeCount() > before * 1.1 + 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Thread.activeCount() <= before * 1.1 + 1, "threads " + Thread.activeCount() + " before " + before);
    }
}
