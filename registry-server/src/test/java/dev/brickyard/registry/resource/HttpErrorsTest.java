package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
}
