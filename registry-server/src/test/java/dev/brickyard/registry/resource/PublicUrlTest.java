package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every link the registry writes starts with its public URL (or, without one, the address it listens on), never
 * with the request's {@code Host} header: a client sending {@code Host: evil.example:666} sees it nowhere.
 */
class PublicUrlTest {
    private static final String EVIL = "evil.example:666";
    private static final List<String> PATHS = List.of("v1/resolve?ref=acme/linked@%5E1", "v1/bricks?q=linked",
            "v1/bricks/acme/linked", "v1/bricks/acme/linked/1.0.0", "osgi/index.xml", "bricks/acme/linked",
            "openapi.json", "v1/bricks?limit=1");

    @TempDir
    Path data;

    /** A raw HTTP/1.1 exchange, since Java's HttpClient does not let a caller set {@code Host}. */
    private static String get(URI server, String path, String host) throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /" + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            return dechunked(answer);
        }
    }

    /** The status line and headers as they came, the body without chunk framing (a URL may span two chunks). */
    private static String dechunked(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n") + 4;
        String head = text.substring(0, end);
        if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            return new String(answer, StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = end;
        while (true) {
            int line = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, line).split(";")[0].trim(), 16);
            if (size == 0) {
                return head + body.toString(StandardCharsets.UTF_8);
            }
            body.write(answer, line + 2, size);
            at = line + 2 + size + 2;
        }
    }

    private static void publishTwo(RegistryFixture registry) throws Exception {
        assertEquals(201, registry.publish(BrickJar.head("acme/linked", "1.0.0", "a", "b")).statusCode());
        assertEquals(201, registry.publish(BrickJar.head("acme/linked-too", "1.0.0", "a", "b")).statusCode());
    }

    @Test
    void theConfiguredPublicUrlIsInEveryLinkAndTheHostHeaderInNone() throws Exception {
        URI publicUrl = URI.create("https://bricks.example.org/mirror/");
        try (RegistryFixture registry = RegistryFixture.start(RegistryConfig.embedded(data, 0)
                .withPublicUrl(URI.create("https://bricks.example.org/mirror")))) {
            publishTwo(registry);
            for (String path : PATHS) {
                String answer = get(registry.uri(), path, EVIL);
                assertTrue(answer.startsWith("HTTP/1.1 200"), path + ": " + answer);
                assertFalse(answer.contains("evil.example"), path + ": " + answer);
                assertFalse(answer.contains(registry.uri().getHost() + ":" + registry.uri().getPort()),
                        path + " names the listening address instead of the public URL: " + answer);
            }
            assertTrue(get(registry.uri(), PATHS.get(0), EVIL).contains(publicUrl + "v1/bricks/acme/linked/1.0.0/"));
            assertTrue(get(registry.uri(), "v1/bricks?limit=1", EVIL).contains("<" + publicUrl + "v1/bricks?"),
                    "the Link header of the next page");
        }
    }

    @Test
    void withoutAPublicUrlLinksNameTheListeningAddress() throws Exception {
        try (RegistryFixture registry = RegistryFixture.start(RegistryConfig.embedded(data, 0))) {
            publishTwo(registry);
            for (String path : PATHS) {
                String answer = get(registry.uri(), path, EVIL);
                assertTrue(answer.startsWith("HTTP/1.1 200"), path + ": " + answer);
                assertFalse(answer.contains("evil.example"), path + ": " + answer);
            }
            assertTrue(get(registry.uri(), PATHS.get(0), EVIL).contains(registry.uri() + "v1/bricks/acme/linked/"));
        }
    }

    @Test
    void aPublicUrlMustBeAnHttpUrlWithAHost() {
        for (String wrong : List.of("ftp://x/", "bricks.example.org", "https://x/?a=1", "https://u:p@x/", "http:///x")) {
            assertThrows(IllegalArgumentException.class, () -> RegistryConfig.publicUrl(wrong), wrong);
        }
        assertEquals(URI.create("https://x.org/a/"), RegistryConfig.publicUrl("https://x.org/a"));
        assertEquals(URI.create("http://x.org:8080/"), RegistryConfig.publicUrl("http://x.org:8080"));
    }
}
