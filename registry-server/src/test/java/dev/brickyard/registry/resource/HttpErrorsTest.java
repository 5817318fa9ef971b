package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client sees when it asks the registry wrongly, over HTTP: each client error has its own status and code,
 * the status in the problem document is the answer's (RFC 9457), a 405 says what is allowed, a parameter of the
 * wrong type is a 400 naming it, and an unknown field is named without the server's class names.
 */
class HttpErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(RegistryConfig.embedded(data, 0));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return registry.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertProblem(HttpResponse<String> answer, int status, String code) throws Exception {
        assertEquals(status, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                answer.headers().toString());
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals(code, problem.path("code").asText(), answer.body());
        assertEquals(status, problem.path("status").asInt(), "the body's status is the answer's: " + answer.body());
        return problem;
    }

    @Test
    void aMethodTheResourceDoesNotAnswerIs405WithAllow() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(registry.uri().resolve("v1/bricks")).DELETE());
        assertProblem(answer, 405, "method_not_allowed");
        String allow = answer.headers().firstValue("Allow").orElse("");
        assertTrue(allow.contains("GET"), "Allow: " + allow);
        assertFalse(allow.contains("DELETE"), "Allow: " + allow);
    }

    @Test
    void aQueryParameterOfTheWrongTypeIs400NamingIt() throws Exception {
        JsonNode problem = assertProblem(registry.get("v1/bricks?limit=abc"), 400, "bad_request");
        assertTrue(problem.path("detail").asText().contains("'limit'"), problem.toString());
    }

    @Test
    void anUnknownFieldIsNamedWithoutTheServersClassNames() throws Exception {
        JsonNode problem = assertProblem(registry.post("v1/bricks/acme/none/1.0.0/yank",
                "{\"reason\": \"x\", \"colour\": 1}", registry.token()), 400, "bad_request");
        String detail = problem.path("detail").asText();
        assertTrue(detail.contains("colour"), detail);
        assertFalse(detail.contains("dev.brickyard"), detail);
    }

    /** A download with these request headers (name, value, name, value, ...). */
    private static HttpResponse<byte[]> download(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                registry.uri().resolve("v1/bricks/acme/ranged/1.0.0/download"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return registry.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void rangesFollowRfc9110AndDigestsRfc9530() throws Exception {
        BrickJar brick = BrickJar.head("acme/ranged", "1.0.0", "a", "b");
        byte[] bytes = brick.bytes();
        assertEquals(201, registry.publish(brick).statusCode());
        String etag = download().headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> whole = download();
        assertEquals(200, whole.statusCode());
        assertTrue(whole.headers().firstValue("Content-Digest").isPresent(), "a full answer carries the bundle");
        String repr = whole.headers().firstValue("Repr-Digest").orElseThrow();

        HttpResponse<byte[]> upper = download("Range", "Bytes=0-9");
        assertEquals(206, upper.statusCode(), "the range unit is case-insensitive");
        assertArrayEquals(Arrays.copyOf(bytes, 10), upper.body());
        assertEquals(repr, upper.headers().firstValue("Repr-Digest").orElseThrow());
        assertTrue(upper.headers().firstValue("Content-Digest").isEmpty(), "a 206 does not carry the whole digest "
                + "as Content-Digest");

        for (String ignored : List.of("items=0-9", "bytes=0-1,5-6", "bytes=x-y")) {
            HttpResponse<byte[]> answer = download("Range", ignored);
            assertEquals(200, answer.statusCode(), ignored + " is ignored");
            assertArrayEquals(bytes, answer.body(), ignored);
        }
        HttpResponse<byte[]> hugeSuffix = download("Range", "bytes=-9223372036854775808");
        assertEquals(206, hugeSuffix.statusCode());
        assertArrayEquals(bytes, hugeSuffix.body(), "a suffix longer than the bundle is the whole bundle");
        assertEquals(416, download("Range", "bytes=99999999999999999999-").statusCode());

        HttpResponse<byte[]> stale = download("Range", "bytes=0-9", "If-Range", "\"sha256:other\"");
        assertEquals(200, stale.statusCode(), "If-Range with another validator sends the whole bundle");
        assertArrayEquals(bytes, stale.body());
        assertEquals(206, download("Range", "bytes=0-9", "If-Range", etag).statusCode());
    }
}
