package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a client sees when it asks wrongly, on a real host over HTTP: each client error has its own status and code,
 * and the status in the problem document is the status of the answer (RFC 9457); a 405 says what is allowed.
 */
class HttpErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static HostServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(server.uri() + path));
    }

    /** Asserts the answer is a problem document with this status (in the answer and in the body) and code. */
    private static JsonNode assertProblem(HttpResponse<String> answer, int status, String code) throws Exception {
        assertEquals(status, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                answer.headers().toString());
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals(code, problem.path("code").asText(), answer.body());
        assertEquals(status, problem.path("status").asInt(), "the body's status is the answer's: " + answer.body());
        assertEquals("https://brickyard.dev/problems/" + code.replace('_', '-'), problem.path("type").asText());
        return problem;
    }

    @Test
    void aMethodTheResourceDoesNotAnswerIs405WithAllow() throws Exception {
        HttpResponse<String> answer = send(at("v1/infer").DELETE());
        JsonNode problem = assertProblem(answer, 405, "method_not_allowed");
        String allow = answer.headers().firstValue("Allow").orElse("");
        assertTrue(allow.contains("POST"), "Allow: " + allow);
        assertFalse(allow.contains("DELETE"), "Allow: " + allow);
        assertEquals("/v1/infer", problem.path("instance").asText());
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415() throws Exception {
        assertProblem(send(at("v1/infer").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"a\"}"))), 415, "unsupported_media_type");
    }

    @Test
    void anAcceptTheResourceCannotAnswerIs406() throws Exception {
        assertProblem(send(at("v1/bricks").header("Accept", "text/csv").GET()), 406, "not_acceptable");
    }

    @Test
    void aPathNothingIsServedAtIs404() throws Exception {
        JsonNode problem = assertProblem(send(at("v1/nothing").GET()), 404, "not_found");
        assertTrue(problem.path("detail").asText().contains("/v1/nothing"), problem.toString());
    }

    @Test
    void aBrickNamedTwiceOrTooManyBricksAreRefusedBeforeAnyWork() throws Exception {
        JsonNode twice = assertProblem(send(at("v1/infer").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"text\": \"a\", \"bricks\": [\"acme/x\", \"acme/y\", \"acme/x\"]}"))), 400, "bad_request");
        assertTrue(twice.path("detail").asText().contains("acme/x"), twice.toString());
        String many = "{\"text\": \"a\", \"bricks\": [" + String.join(",",
                Collections.nCopies(InferResource.MAX_BRICKS + 1, "\"acme/x\"")) + "]}";
        JsonNode tooMany = assertProblem(send(at("v1/infer").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(many))), 400, "bad_request");
        assertTrue(tooMany.path("detail").asText().contains(String.valueOf(InferResource.MAX_BRICKS)),
                tooMany.toString());
    }

    @Test
    void anUnknownFieldIsNamedWithoutTheServersClassNames() throws Exception {
        JsonNode problem = assertProblem(send(at("v1/infer").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"a\", \"colour\": 1}"))), 400, "bad_request");
        String detail = problem.path("detail").asText();
        assertTrue(detail.contains("colour"), detail);
        assertFalse(detail.contains("dev.brickyard"), detail);
    }

    @Test
    void aBundleAskingForAnExecutionEnvironmentIsRefusedWith422NotAFrameworkError() throws Exception {
        java.nio.file.Path jar = dev.brickyard.base.fixtures.BrickJar.head("acme/ee", "1.0.0", "a", "b")
                .header("Provide-Capability", "brick;brick=\"acme/ee\";version:Version=\"1.0.0\";kind=head,"
                        + "osgi.ee;osgi.ee=\"JavaSE\";version:Version=\"99\"")
                .writeTo(java.nio.file.Files.createTempDirectory("brickyard-ee-"));
        JsonNode problem = assertProblem(send(at("v1/bricks").header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar))), 422, "brick_invalid");
        assertTrue(problem.path("detail").asText().contains("osgi.ee")
                || problem.toString().contains("osgi.ee"), problem.toString());
        assertEquals(List.of(), server.host().bricks());
        assertEquals(List.of(), server.host().osgiBundles());
    }

    @Test
    void anUploadedGraphThatWouldRunForeverIsRefusedAndTheHostKeepsAnswering() throws Exception {
        java.nio.file.Path jar = dev.brickyard.base.fixtures.BrickJar.head("acme/loop", "1.0.0", "a", "b")
                .onnx(dev.brickyard.base.fixtures.HostileGraphs.endlessLoop())
                .writeTo(java.nio.file.Files.createTempDirectory("brickyard-loop-"));
        JsonNode problem = assertProblem(send(at("v1/bricks").header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar))), 422, "brick_invalid");
        assertTrue(problem.path("violations").toString().contains("'Loop'"), problem.toString());
        assertEquals(List.of(), server.host().bricks());
        assertEquals(200, send(at("v1/health").GET()).statusCode());
    }
}
