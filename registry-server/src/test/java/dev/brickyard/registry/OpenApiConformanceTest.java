package dev.brickyard.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.OpenApiResponses;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's real answers fit the schemas its own {@code /openapi.json} gives for them (required fields
 * included), checked with a JSON Schema validator: a client generated from the document reads what the server
 * sends.
 */
class OpenApiConformanceTest {
    @TempDir
    Path data;

    @Test
    void everyAnswerFitsTheDocument() throws Exception {
        try (RegistryFixture registry = RegistryFixture.start(RegistryConfig.embedded(data, 0))) {
            assertEquals(201, registry.publish(BrickJar.head("acme/fits", "1.0.0", "negative", "positive"))
                    .statusCode());
            HttpResponse<String> tagged = registry.http().send(HttpRequest.newBuilder(registry.uri()
                    .resolve("v1/bricks/acme/fits/tags/stable")).header("Authorization", "Bearer " + registry.token())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":\"1.0.0\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, tagged.statusCode(), tagged.body());
            OpenApiResponses document = new OpenApiResponses(registry.get("openapi.json").body());
            assertEquals(List.of(), document.problems("/v1/bricks/{namespace}/{name}/tags/{tag}", "put", 200,
                    "application/json", tagged.body()), tagged.body());
            String[][] answers = {
                    {"/v1/bricks", "v1/bricks?q=fits"},
                    {"/v1/bricks", "v1/bricks"},
                    {"/v1/bricks/{namespace}/{name}", "v1/bricks/acme/fits"},
                    {"/v1/bricks/{namespace}/{name}/{version}", "v1/bricks/acme/fits/1.0.0"},
                    {"/v1/resolve", "v1/resolve?ref=acme/fits%40%5E1"},
                    {"/v1/resolve", "v1/resolve?ref=acme/fits%40stable"},
                    {"/v1/bricks/{namespace}/{name}/tags", "v1/bricks/acme/fits/tags"},
            };
            for (String[] answer : answers) {
                HttpResponse<String> got = registry.get(answer[1]);
                assertEquals(200, got.statusCode(), answer[1] + ": " + got.body());
                assertEquals(List.of(), document.problems(answer[0], "get", 200, "application/json", got.body()),
                        answer[1] + ": " + got.body());
            }
            HttpResponse<String> token = registry.http().send(HttpRequest.newBuilder(registry.uri()
                    .resolve("v1/token")).header("Authorization", "Bearer " + registry.token()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(List.of(), document.problems("/v1/token", "get", 200, "application/json", token.body()),
                    token.body());
            HttpResponse<String> missing = registry.get("v1/bricks/acme/none");
            assertEquals(404, missing.statusCode());
            assertEquals(List.of(), document.problems("/v1/bricks/{namespace}/{name}", "get", 404,
                    "application/problem+json", missing.body()), missing.body());
        }
    }
}
