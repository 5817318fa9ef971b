package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.CapturedLog;
import dev.brickyard.base.fixtures.RawHttp;
import dev.brickyard.http.server.ServerLimits;
import dev.brickyard.http.server.ServerLogging;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import java.io.IOException;
import java.net.Socket;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients of issue 11 that try to wear a real registry down: a searcher past its rate, an upload that declares 2 GiB,
 * a trickled upload and hundreds of half-sent ones. Each gets its documented status and code, {@code /v1/health}
 * answers within a second all along, nothing is stored, and the log has one line per cut-off upload and no
 * stack trace.
 */
class RegistryUnderAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerLimits LIMITS = new ServerLimits(4, 4, Duration.ofSeconds(1), 128,
            Duration.ofSeconds(2), Duration.ofSeconds(1), 64 << 10, 1 << 20, 2, Duration.ofSeconds(2));
    @TempDir
    static Path data;
    static RegistryFixture registry;
    static CapturedLog log;

    @BeforeAll
    static void start() throws Exception {
        ServerLogging.configure();
        registry = RegistryFixture.start(RegistryConfig.embedded(data, 0).withLimits(LIMITS)
                .withMaxUploadBytes(LIMITS.maxUploadBytes()));
        log = CapturedLog.attach();
    }

    @AfterAll
    static void stop() {
        log.close();
        registry.close();
    }

    @Test
    void aClientSearchingPastItsRateIsAnswered429() throws Exception {
        int answered = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            HttpResponse<String> answer = registry.get("v1/bricks?q=sentiment+" + i);
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertEquals(200, answer.statusCode(), answer.body());
                answered++;
            }
        }
        assertTrue(refused != null, "refused after " + answered);
        assertTrue(answered >= 2 * LIMITS.clientRate() && answered <= 2 * LIMITS.clientRate() + 2,
                "a burst of twice the rate: " + answered);
        assertEquals("too_many_requests", JSON.readTree(refused.body()).path("code").asText());
        assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertAnswersWithinASecond();
    }

    @Test
    void anUploadDeclaringTwoGibibytesIsRefusedBeforeItsBody() throws Exception {
        String answer = sendAndRead(publishHead(2_147_483_648L));
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("\"code\":\"upload_too_large\""), answer);
        assertNothingStored();
    }

    @Test
    void trickledAndHalfSentUploadsAreCutOffWithOneLineEach() throws Exception {
        log.clear();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                Socket socket = RawHttp.connect(registry.uri());
                sockets.add(socket);
                socket.getOutputStream().write((publishHead(500_000) + "PK\3\4").getBytes(StandardCharsets.ISO_8859_1));
            }
            assertAnswersWithinASecond();
            for (Socket socket : sockets) {
                String answer = RawHttp.readUntilClosed(socket);
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 503"), answer);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertAnswersWithinASecond();
        assertNothingStored();
        assertEquals(List.of(), log.stackTraces(), "no stack traces");
        int broken = log.count("body_broken");
        assertTrue(broken >= 1 && broken <= sockets.size(), "one line per cut-off upload: " + broken);
    }

    private static String publishHead(long contentLength) {
        return "PUT /v1/bricks/acme/flood/1.0.0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + registry.token()
                + "\r\nContent-Type: application/java-archive\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private static String sendAndRead(String request) throws IOException {
        try (Socket socket = RawHttp.connect(registry.uri())) {
            RawHttp.send(socket, request);
            return RawHttp.readUntilClosed(socket);
        }
    }

    private static void assertAnswersWithinASecond() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = registry.get("v1/health");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("ok", JSON.readTree(answer.body()).path("database").asText(), answer.body());
        assertTrue(millis < 1_000, "answered in " + millis + " ms");
    }

    private static void assertNothingStored() throws IOException, InterruptedException {
        assertEquals(404, registry.get("v1/bricks/acme/flood").statusCode());
        for (String folder : new String[] {"blobs", "staging"}) {
            Path path = data.resolve(folder);
            if (Files.exists(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    assertEquals(0, files.filter(Files::isRegularFile).count(), "nothing is kept in " + folder);
                }
            }
        }
    }
}
