package dev.brickyard.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.http.client.RegistryAuthException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.http.registry.VersionDetail;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import dev.brickyard.registry.store.TokenRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private registry ({@code --private}) on a real server: nothing but the health checks and the API description
 * answers without a valid token; API clients send it as a bearer token, browsers as the Basic password.
 */
class PrivateRegistryTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path folder;
    static RegistryFixture registry;
    static String reader;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(RegistryConfig.embedded(folder, 0).withPrivateReads(true));
        assertEquals(201, registry.publish(BrickJar.head("acme/secret", "1.0.0", "a", "b")).statusCode());
        reader = registry.token("reader", Set.of(TokenRecord.Scope.YANK));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static HttpResponse<String> get(String path, String authorization, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.uri().resolve(path)).header("Accept", accept);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyReadNeedsAValidTokenButTheHealthChecks() throws Exception {
        assertEquals(200, get("v1/health", null, "application/json").statusCode());
        assertEquals(200, get("v1/health/live", null, "application/json").statusCode());
        assertEquals(200, get("openapi.json", null, "application/json").statusCode());
        for (String path : List.of("v1/bricks", "v1/bricks/acme/secret", "v1/bricks/acme/secret/1.0.0",
                "v1/bricks/acme/secret/1.0.0/download", "v1/resolve?ref=acme/secret@1", "osgi/index.xml", "",
                "bricks/acme/secret", "v1/events?after=0")) {
            HttpResponse<String> answer = get(path, null, "*/*");
            assertEquals(401, answer.statusCode(), path + ": " + answer.body());
            assertTrue(answer.body().contains("\"unauthorized\""), answer.body());
            assertTrue(answer.headers().allValues("WWW-Authenticate").stream().anyMatch(v -> v.startsWith("Basic")),
                    answer.headers().toString());
            assertEquals(401, get(path, "Bearer bky_000000000000_nothing", "*/*").statusCode(), path);
        }
    }

    @Test
    void anyValidTokenReadsAsBearerOrAsTheBasicPassword() throws Exception {
        assertEquals(200, get("v1/bricks/acme/secret", "Bearer " + reader, "application/json").statusCode());
        String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + reader)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = get("bricks/acme/secret", basic, "text/html");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("acme/secret"));
        assertEquals(401, get("v1/bricks", "Basic !!!", "application/json").statusCode());
    }

    @Test
    void aClientWithATokenReadsAndDownloadsAndOneWithoutIsToldWhy() throws Exception {
        RegistryClient client = new RegistryClient(registry.uri(), reader, line -> { });
        VersionDetail version = client.version(BrickId.parse("acme/secret"), SemVer.parse("1.0.0"));
        Path target = folder.resolve("secret.jar");
        client.download(URI.create(version.downloadUrl()), version.digest(), version.size(), target, TransferProgress.SILENT);
        assertTrue(Files.size(target) > 0);
        RegistryAuthException refused = assertThrows(RegistryAuthException.class,
                () -> new RegistryClient(registry.uri()).version(BrickId.parse("acme/secret"), SemVer.parse("1.0.0")));
        assertTrue(refused.getMessage().contains("private"), refused.getMessage());
    }
}
