package dev.brickyard.http.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.brickyard.api.version.BrickId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that refuses for the moment (503 {@code overloaded}, 429 {@code too_many_requests}) with a
 * {@code Retry-After} is asked again after that wait, up to three times; a longer wait, or a server still refusing,
 * is the error it answered.
 */
class TransportRetryTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A server that refuses {@code refusals} times with {@code status} and {@code retryAfter}, then answers. */
    private URI refusing(int refusals, int status, String code, String retryAfter, AtomicInteger calls)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            boolean refuse = calls.incrementAndGet() <= refusals;
            byte[] body = (refuse
                    ? "{\"type\":\"https://brickyard.dev/problems/x\",\"title\":\"t\",\"status\":" + status
                    + ",\"detail\":\"busy\",\"code\":\"" + code + "\"}"
                    : "{\"id\":\"acme/x\",\"versions\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", refuse ? "application/problem+json" : "application/json");
            if (refuse) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(refuse ? status : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Test
    void anOverloadedServerIsAskedAgainAfterItsRetryAfter() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> trace = new ArrayList<>();
        RegistryClient client = new RegistryClient(refusing(2, 503, "overloaded", "1", calls), null, trace::add);
        long start = System.nanoTime();
        assertEquals("acme/x", client.brick(BrickId.parse("acme/x")).id());
        assertEquals(3, calls.get());
        assertTrue(System.nanoTime() - start >= 2_000_000_000L, "waited Retry-After twice");
        assertTrue(trace.stream().anyMatch(line -> line.contains("answered 503; trying again in 1 s")),
                trace.toString());
    }

    @Test
    void aClientPastItsRateIsAskedAgainToo() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RegistryClient client = new RegistryClient(refusing(1, 429, "too_many_requests", "0", calls), null,
                line -> { });
        assertEquals("acme/x", client.brick(BrickId.parse("acme/x")).id());
        assertEquals(2, calls.get());
    }

    @Test
    void aServerStillRefusingAfterThreeTriesIsAnError() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RegistryClient client = new RegistryClient(refusing(10, 503, "overloaded", "0", calls), null, line -> { });
        RegistryProblemException refused = assertThrows(RegistryProblemException.class,
                () -> client.brick(BrickId.parse("acme/x")));
        assertEquals(3, calls.get());
        assertTrue(refused.getMessage().contains("503 overloaded: busy"), refused.getMessage());
    }

    @Test
    void aLongRetryAfterIsNotWaitedFor() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RegistryClient client = new RegistryClient(refusing(1, 503, "overloaded", "3600", calls), null, line -> { });
        assertThrows(RegistryProblemException.class, () -> client.brick(BrickId.parse("acme/x")));
        assertEquals(1, calls.get());
    }
}
