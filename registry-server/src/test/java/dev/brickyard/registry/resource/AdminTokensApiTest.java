package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import dev.brickyard.registry.store.TokenRecord;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token administration API on a real registry: every endpoint refuses a request without a token (401) and one
 * with a valid token that lacks the admin scope (403) before it reads a byte of the body; with an admin token,
 * tokens are made, listed and revoked while the registry serves, and bad requests get their own codes.
 */
class AdminTokensApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE_TOKEN_BODY = "{\"namespace\": \"acme\", \"scopes\": [\"publish\"]}";
    @TempDir
    static Path data;
    static RegistryFixture registry;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(RegistryConfig.embedded(data, 0));
        admin = registry.server().registry().tokens().createAdmin("test").secret();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** The three admin requests, each as a fresh builder: create, list, revoke. */
    private static List<HttpRequest.Builder> everyAdminRequest() {
        return List.of(
                HttpRequest.newBuilder(registry.uri().resolve("v1/admin/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(NAMESPACE_TOKEN_BODY)),
                HttpRequest.newBuilder(registry.uri().resolve("v1/admin/tokens")).GET(),
                HttpRequest.newBuilder(registry.uri().resolve("v1/admin/tokens/000000000000")).DELETE());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String bearer) throws Exception {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return registry.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> create(String body, String bearer) throws Exception {
        return send(HttpRequest.newBuilder(registry.uri().resolve("v1/admin/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), bearer);
    }

    private static HttpResponse<String> revoke(String id, String bearer) throws Exception {
        return send(HttpRequest.newBuilder(registry.uri().resolve("v1/admin/tokens/" + id)).DELETE(), bearer);
    }

    private static HttpResponse<String> list(String query, String bearer) throws Exception {
        return send(HttpRequest.newBuilder(registry.uri().resolve("v1/admin/tokens" + query)).GET(), bearer);
    }

    private static JsonNode assertProblem(HttpResponse<String> answer, int status, String code) throws Exception {
        assertEquals(status, answer.statusCode(), answer.request().method() + " " + answer.uri() + ": "
                + answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                answer.headers().toString());
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals(code, problem.path("code").asText(), answer.body());
        return problem;
    }

    @Test
    void everyAdminEndpointRefusesARequestWithoutAToken() throws Exception {
        for (HttpRequest.Builder request : everyAdminRequest()) {
            HttpResponse<String> answer = send(request, null);
            assertProblem(answer, 401, "unauthorized");
            assertEquals("Bearer realm=\"brickyard\"", answer.headers().firstValue("WWW-Authenticate").orElse(""));
        }
    }

    @Test
    void everyAdminEndpointRefusesANamespaceTokenWith403() throws Exception {
        String publisher = registry.token("acme", TokenRecord.Scope.NAMESPACE_SCOPES);
        for (HttpRequest.Builder request : everyAdminRequest()) {
            JsonNode problem = assertProblem(send(request, publisher), 403, "forbidden");
            assertTrue(problem.path("detail").asText().contains("'admin' scope"), problem.toString());
        }
    }

    @Test
    void everyAdminEndpointRefusesARevokedAdminToken() throws Exception {
        var revoked = registry.server().registry().tokens().createAdmin("to revoke");
        registry.server().registry().tokens().revoke(revoked.token().id());
        for (HttpRequest.Builder request : everyAdminRequest()) {
            JsonNode problem = assertProblem(send(request, revoked.secret()), 401, "unauthorized");
            assertTrue(problem.path("detail").asText().contains("revoked"), problem.toString());
        }
    }

    @Test
    void theTokenIsCheckedBeforeTheBodyIsRead() throws Exception {
        assertProblem(create("{not json", null), 401, "unauthorized");
        assertProblem(create("{not json", registry.token()), 403, "forbidden");
        assertProblem(create("{not json", admin), 400, "bad_request");
    }

    @Test
    void anAdminMakesANamespaceTokenThatWorksAtOnceAndIsShownOnce() throws Exception {
        HttpResponse<String> answer = create("{\"namespace\": \"globex\", \"description\": \"ci\"}", admin);
        assertEquals(201, answer.statusCode(), answer.body());
        assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""));
        JsonNode created = JSON.readTree(answer.body());
        String secret = created.path("secret").asText();
        assertTrue(secret.matches("bky_[0-9a-f]{12}_[A-Za-z0-9_-]{43}"), secret);
        assertEquals("globex", created.path("token").path("namespace").asText());
        assertEquals("[\"publish\",\"yank\"]", created.path("token").path("scopes").toString());

        HttpRequest.Builder check = HttpRequest.newBuilder(registry.uri().resolve("v1/token")).GET();
        HttpResponse<String> checked = send(check, secret);
        assertEquals(200, checked.statusCode(), checked.body());
        assertEquals("globex", JSON.readTree(checked.body()).path("namespace").asText());

        HttpResponse<String> listed = list("?namespace=globex", admin);
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains(created.path("token").path("id").asText()), listed.body());
        assertFalse(listed.body().contains(secret.substring(17)), "a list never shows a secret");
        assertFalse(listed.body().contains("secretHash") || listed.body().contains("secret_hash"), listed.body());
        for (JsonNode token : JSON.readTree(listed.body()).path("items")) {
            assertEquals("globex", token.path("namespace").asText(), listed.body());
        }
    }

    @Test
    void anAdminTokenMakesAdminTokensButPublishesNothing() throws Exception {
        HttpResponse<String> answer = create("{\"scopes\": [\"admin\"]}", admin);
        assertEquals(201, answer.statusCode(), answer.body());
        JsonNode created = JSON.readTree(answer.body());
        assertFalse(created.path("token").has("namespace"), answer.body());
        String second = created.path("secret").asText();
        assertEquals(200, list("", second).statusCode());

        BrickJar brick = BrickJar.head("acme/admin-made", "1.0.0", "negative", "positive");
        HttpResponse<String> published = registry.publish(brick.manifest().id(), brick.manifest().version(),
                brick.bytes(), second);
        JsonNode problem = assertProblem(published, 403, "forbidden");
        assertTrue(problem.path("detail").asText().contains("admin token"), problem.toString());
    }

    @Test
    void revokingEndsATokenAtOnceAndTwiceIsAConflict() throws Exception {
        var made = registry.server().registry().tokens().create("acme", Set.of(TokenRecord.Scope.YANK), "x");
        HttpResponse<String> revoked = revoke(made.token().id(), admin);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertTrue(JSON.readTree(revoked.body()).has("revokedAt"), revoked.body());
        assertProblem(send(HttpRequest.newBuilder(registry.uri().resolve("v1/token")).GET(), made.secret()), 401,
                "unauthorized");

        JsonNode again = assertProblem(revoke(made.token().id(), admin), 409, "token_revoked");
        assertTrue(again.path("detail").asText().contains("already revoked"), again.toString());
        assertProblem(revoke("ffffffffffff", admin), 404, "token_not_found");
    }

    @Test
    void badTokenRequestsAreRefusedWithTheReason() throws Exception {
        String[][] cases = {
                {"{\"namespace\": \"Not Valid\"}", "not a namespace"},
                {"{\"namespace\": \"acme\", \"scopes\": [\"owner\"]}", "unknown scope 'owner'"},
                {"{\"namespace\": \"acme\", \"scopes\": []}", "at least one scope"},
                {"{\"namespace\": \"acme\", \"scopes\": [\"admin\"]}", "admin scope alone and no namespace"},
                {"{\"scopes\": [\"admin\", \"publish\"]}", "admin scope alone"},
                {"{\"description\": \"no namespace\"}", "name the token's namespace"},
                {"{\"namespace\": \"acme\", \"description\": \"" + "x".repeat(201) + "\"}", "at most 200"},
                {"{\"namespace\": \"acme\", \"colour\": 1}", "colour"},
        };
        int before = registry.server().registry().store().tokens(null).size();
        for (String[] bad : cases) {
            JsonNode problem = assertProblem(create(bad[0], admin), 400, "bad_request");
            assertTrue(problem.path("detail").asText().contains(bad[1]), bad[0] + " -> " + problem);
        }
        assertEquals(before, registry.server().registry().store().tokens(null).size(), "nothing was made");
        assertProblem(list("?namespace=Not%20Valid", admin), 400, "bad_request");
    }
}
