package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.http.v2.ModelRepositoryResource;
import dev.brickyard.host.http.v2.OpenInferenceResource;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.server.MetricsResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's HTTP API on a random port, with a real base model, Felix and bundles. */
class HostServerTest {
    @TempDir
    static Path jars;
    static HostServer server;
    static HostClient client;

    @BeforeAll
    static void start() throws Exception {
        server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null);
        client = new HostClient(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Path jar(BrickJar brick) throws Exception {
        return brick.writeTo(Files.createDirectories(jars.resolve(String.valueOf(System.nanoTime()))));
    }

    static void assertProblem(HostClient.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        assertEquals(code, answer.json().path("code").asText(), answer.toString());
    }

    @Test
    void installInferSwapRollbackAndUninstallWhileServing() throws Exception {
        HostClient.Answer installed = client.postBundle("v1/bricks", jar(BrickJar.head("acme/flow", "1.0.0", "a", "b")));
        assertEquals(201, installed.status(), installed.toString());
        assertEquals("1.0.0", installed.json().path("version").asText());
        assertProblem(client.postBundle("v1/bricks", jar(BrickJar.head("acme/flow", "1.0.0", "a", "b"))), 409,
                "brick_installed");

        HostClient.Answer answer = client.post("v1/infer", "{\"texts\": [\"one\", \"two\"], \"bricks\": [\"acme/flow\"]}");
        assertEquals(200, answer.status(), answer.toString());
        JsonNode results = answer.json().path("results");
        assertEquals(2, results.size());
        assertEquals("acme/flow", results.get(0).path("answers").get(0).path("brick").asText());
        assertEquals("1.0.0", results.get(0).path("answers").get(0).path("version").asText());
        float sum = 0;
        for (JsonNode p : results.get(0).path("answers").get(0).path("probabilities")) {
            sum += p.floatValue();
        }
        assertEquals(1f, sum, 1e-4f);
        assertEquals("[\"acme/flow@1.0.0\"]", answer.json().path("bricks").toString());

        HostClient.Answer swapped = client.putBundle("v1/bricks/acme/flow", jar(BrickJar.head("acme/flow", "1.1.0", "a", "b")));
        assertEquals(200, swapped.status(), swapped.toString());
        assertEquals("1.1.0", swapped.json().path("version").asText());
        assertEquals("[\"1.0.0\"]", swapped.json().path("previousVersions").toString());
        assertEquals("1.1.0", client.post("v1/infer", "{\"text\": \"one\", \"bricks\": [\"acme/flow\"]}").json()
                .path("results").get(0).path("answers").get(0).path("version").asText());
        assertProblem(client.putBundle("v1/bricks/acme/flow", jar(BrickJar.head("acme/other", "1.0.0", "a", "b"))),
                422, "brick_invalid");

        HostClient.Answer rolledBack = client.post("v1/bricks/acme/flow/rollback", "");
        assertEquals(200, rolledBack.status(), rolledBack.toString());
        assertEquals("1.0.0", rolledBack.json().path("version").asText());
        assertProblem(client.post("v1/bricks/acme/flow/rollback", ""), 409, "no_previous_version");

        assertEquals(204, client.delete("v1/bricks/acme/flow").status());
        assertProblem(client.delete("v1/bricks/acme/flow"), 404, "brick_not_installed");
        assertProblem(client.post("v1/infer", "{\"text\": \"one\", \"bricks\": [\"acme/flow\"]}"), 404,
                "brick_not_installed");
    }

    @Test
    void routingPicksTheBricksWhoseKeyIsClosestAndCombinationAveragesSharedLabels() throws Exception {
        BrickHost host = server.host();
        float[] sports = host.baseModel().embed("football match, the team scored a goal");
        float[] money = host.baseModel().embed("stock market prices and interest rates");
        client.postBundle("v1/bricks", jar(BrickJar.head("acme/sports-mood", "1.0.0", "negative", "positive")
                .manifest(m -> m.withRoutingKey(sports))));
        client.postBundle("v1/bricks", jar(BrickJar.head("acme/money-mood", "1.0.0", "positive", "negative")
                .manifest(m -> m.withRoutingKey(money))));
        try {
            JsonNode routed = client.post("v1/infer", "{\"text\": \"the striker scored twice in the final\", "
                    + "\"route\": {\"topK\": 1, \"minScore\": 0.2}}").json();
            JsonNode result = routed.path("results").get(0);
            assertEquals(1, result.path("answers").size(), routed.toString());
            assertEquals("acme/sports-mood", result.path("answers").get(0).path("brick").asText());
            assertEquals("acme/sports-mood", result.path("routes").get(0).path("brick").asText());
            assertTrue(result.path("answers").get(0).path("routeScore").floatValue() >= 0.2f);

            JsonNode none = client.post("v1/infer", "{\"text\": \"a recipe for lemon cake\", "
                    + "\"route\": {\"topK\": 3, \"minScore\": 0.9}}").json();
            assertEquals(0, none.path("results").get(0).path("answers").size(), none.toString());

            JsonNode both = client.post("v1/infer", "{\"text\": \"markets rallied after the match\", \"bricks\": "
                    + "[\"acme/sports-mood\", \"acme/money-mood\"], \"weights\": {\"acme/sports-mood\": 3, "
                    + "\"acme/money-mood\": 1}}").json();
            JsonNode answers = both.path("results").get(0).path("answers");
            JsonNode combined = both.path("results").get(0).path("combined").get(0);
            assertEquals("[0.75,0.25]", combined.path("weights").toString());
            float expected = 0.75f * answers.get(0).path("probabilities").path("positive").floatValue()
                    + 0.25f * answers.get(1).path("probabilities").path("positive").floatValue();
            assertEquals(expected, combined.path("probabilities").path("positive").floatValue(), 1e-5f);
        } finally {
            client.delete("v1/bricks/acme/sports-mood");
            client.delete("v1/bricks/acme/money-mood");
        }
    }

    @Test
    void knowledgeBricksAnswerWithTheirBestFactsAndASwapAddsFacts() throws Exception {
        BrickHost host = server.host();
        java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
        facts.put("opening hours of the shop", "9am to 6pm, Monday to Saturday");
        facts.put("return policy for shoes", "30 days with the receipt");
        client.postBundle("v1/bricks", jar(BrickJar.knowledge(host.baseModel(), "acme/shop-facts", "1.0.0", facts)));
        try {
            JsonNode answer = client.post("v1/infer", "{\"text\": \"when does the shop open?\", \"bricks\": "
                    + "[\"acme/shop-facts\"], \"knowledge\": {\"topK\": 1}}").json();
            JsonNode matches = answer.path("results").get(0).path("answers").get(0).path("matches");
            assertEquals(1, matches.size(), answer.toString());
            assertEquals("opening hours of the shop", matches.get(0).path("key").asText());
            assertEquals("9am to 6pm, Monday to Saturday", matches.get(0).path("value").asText());

            facts.put("delivery times abroad", "5 to 7 working days");
            assertEquals(200, client.putBundle("v1/bricks/acme/shop-facts",
                    jar(BrickJar.knowledge(host.baseModel(), "acme/shop-facts", "1.1.0", facts))).status());
            JsonNode more = client.post("v1/infer", "{\"text\": \"how long does shipping to France take\", "
                    + "\"bricks\": [\"acme/shop-facts\"], \"knowledge\": {\"topK\": 3, \"minScore\": 0.3}}").json();
            JsonNode found = more.path("results").get(0).path("answers").get(0);
            assertEquals("1.1.0", found.path("version").asText());
            assertEquals("delivery times abroad", found.path("matches").get(0).path("key").asText(), more.toString());
        } finally {
            client.delete("v1/bricks/acme/shop-facts");
        }
    }

    @Test
    void badRequestsGetProblemDocumentsAndChangeNothing() throws Exception {
        int before = client.get("v1/bricks").json().path("items").size();
        assertProblem(client.post("v1/infer", "{}"), 400, "bad_request");
        assertProblem(client.post("v1/infer", "{\"text\": \"x\", \"texts\": [\"y\"]}"), 400, "bad_request");
        assertProblem(client.post("v1/infer", "{\"text\": \"x\", \"bricks\": [\"Not An Id\"]}"), 400, "bad_request");
        assertProblem(client.post("v1/infer", "{\"text\": \"x\", \"route\": {\"topK\": 0}}"), 400, "bad_request");
        assertProblem(client.post("v1/infer", "not json"), 400, "bad_request");
        assertProblem(client.post("v1/bricks", "{\"ref\": \"acme/anything@^1\"}"), 400, "no_registry");
        Path notAZip = Files.writeString(jars.resolve("broken.jar"), "not a zip");
        assertProblem(client.postBundle("v1/bricks", notAZip), 422, "brick_invalid");
        assertProblem(client.post("v1/bricks/acme/ghost/rollback", ""), 404, "brick_not_installed");
        assertProblem(client.get("v1/nothing-here"), 404, "not_found");
        assertEquals(before, client.get("v1/bricks").json().path("items").size());
        try (var staging = Files.list(server.host().stagingFolder())) {
            assertEquals(0, staging.count(), "no staged file is left");
        }
    }

    @Test
    void healthMetricsAndOpenApiDescribeTheRunningHost() throws Exception {
        client.post("v1/infer", "{\"text\": \"count me\"}");
        JsonNode health = client.get("v1/health").json();
        assertEquals("ok", health.path("status").asText());
        assertEquals("all-minilm-l6-v2", health.path("baseModel").asText());
        String metrics = client.get("metrics").body();
        assertTrue(metrics.contains("brickyard_host_requests_seconds_count{method=\"POST\",route=\"/v1/infer\","
                + "status=\"200\"}"), metrics);
        assertTrue(metrics.contains("brickyard_host_requests_seconds_bucket{method=\"POST\",route=\"/v1/infer\","
                + "status=\"200\",le=\"+Inf\"}"), metrics);
        assertTrue(metrics.contains("\njvm_memory_used_bytes{"), metrics);
        assertTrue(metrics.contains("\nbrickyard_host_bricks_loaded "), metrics);
        assertTrue(metrics.contains("\nprocess_resident_memory_bytes "), metrics);

        JsonNode document = client.get("openapi.json").json();
        Set<String> documented = new HashSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> {
                    if (!method.equals("parameters")) {
                        documented.add(method.toUpperCase() + " " + path.getKey());
                    }
                }));
        Set<String> served = new HashSet<>();
        for (Class<?> type : List.of(InferResource.class, ActivationsResource.class, EmbeddingsResource.class,
                ModelsResource.class, BricksResource.class, StatusResource.class, MetricsResource.class,
                OpenApiResource.class, OpenInferenceResource.class, ModelRepositoryResource.class)) {
            collect(Resource.from(type), "", served);
        }
        assertEquals(served, documented);
        List<String> codes = new ArrayList<>();
        document.path("components").path("schemas").path("ErrorCode").path("enum").forEach(c -> codes.add(c.asText()));
        assertEquals(ErrorCode.of(ErrorCode.Api.HOST).stream().map(ErrorCode::code).toList(), codes);
    }

    private static void collect(Resource resource, String prefix, Set<String> served) {
        String path = (prefix + "/" + resource.getPath()).replaceAll("/+", "/");
        path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        path = path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}"); // {model: .+} is {model} in OpenAPI
        for (ResourceMethod method : resource.getResourceMethods()) {
            served.add(method.getHttpMethod() + " " + path);
        }
        for (Iterator<Resource> children = resource.getChildResources().iterator(); children.hasNext(); ) {
            collect(children.next(), path, served);
        }
    }

    @Test
    void aBrickOverTheMemoryBudgetIsRefusedWithTheNumbers() throws Exception {
        try (HostServer small = HostServer.start(BrickHost.open(HostOptions.defaults().withBrickMemory(1000)),
                "127.0.0.1", 0, null)) {
            HostClient.Answer refused = new HostClient(small.uri()).postBundle("v1/bricks",
                    jar(BrickJar.head("acme/big", "1.0.0", "a", "b")));
            assertProblem(refused, 507, "memory_budget_exceeded");
            assertTrue(refused.json().path("detail").asText().contains("over the budget of 1000"), refused.toString());
            assertFalse(new HostClient(small.uri()).get("v1/bricks").body().contains("acme/big"));
            assertEquals(List.of(), small.host().osgiBundles(), "no half-installed bundle");
        }
    }
}
