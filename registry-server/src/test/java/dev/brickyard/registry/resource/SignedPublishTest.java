package dev.brickyard.registry.resource;

import static dev.brickyard.registry.resource.PublishApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.SignedBricks;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import dev.brickyard.registry.store.TokenRecord;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed publishes on a real registry (Jersey on a random port, H2 in a temporary folder): namespaces register and
 * revoke keys, may require signatures, and every bundle whose signature the registry cannot vouch for is refused
 * with its own code, publishing nothing.
 */
class SignedPublishTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    @TempDir
    static Path folder;
    static RegistryFixture registry;
    static SigningKey acme;
    static SigningKey globex;
    static SigningKey stranger;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(RegistryConfig.embedded(data, 0));
        acme = SignedBricks.newKey("acme-release");
        globex = SignedBricks.newKey("globex-release");
        stranger = SignedBricks.newKey("stranger");
        assertEquals(201, putKey("acme", acme, "acme-release", registry.token()).statusCode());
        String globexToken = registry.token("globex", EnumSet.of(TokenRecord.Scope.KEYS));
        assertEquals(201, putKey("globex", globex, "globex-release", globexToken).statusCode());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static HttpResponse<String> putKey(String namespace, SigningKey key, String name, String token)
            throws Exception {
        return putKey(namespace, key.signer().fingerprint(), key.signer().pem(), name, token);
    }

    static HttpResponse<String> putKey(String namespace, String fingerprint, String pem, String name, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.uri().resolve("v1/namespaces/" + namespace
                + "/keys/" + fingerprint + (name == null ? "" : "?name=" + name)))
                .header("Content-Type", "application/x-pem-file").PUT(HttpRequest.BodyPublishers.ofString(pem));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return registry.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.uri().resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return registry.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] signed(String id, String version, SigningKey key) throws Exception {
        return Files.readAllBytes(SignedBricks.signed(BrickJar.head(id, version, "negative", "positive"), folder,
                id.replace('/', '-') + "-" + version + "-" + key.signer().shortFingerprint(), key));
    }

    static void assertRefused(String id, String version, byte[] bundle, int status, String code) throws Exception {
        assertProblem(registry.publish(id, version, bundle, registry.token()), status, code);
        assertEquals(404, registry.get("v1/bricks/" + id + "/" + version).statusCode(), "nothing was published");
    }

    @Test
    void aBrickSignedByARegisteredKeyIsPublishedWithItsSigner() throws Exception {
        HttpResponse<String> created = registry.publish("acme/signed", "1.0.0", signed("acme/signed", "1.0.0", acme),
                registry.token());
        assertEquals(201, created.statusCode(), created.body());
        JsonNode signer = JSON.readTree(registry.get("v1/bricks/acme/signed/1.0.0").body()).path("signer");
        assertEquals(acme.signer().fingerprint(), signer.path("fingerprint").asText());
        assertEquals("acme-release", signer.path("keyName").asText());
        assertEquals("valid", signer.path("status").asText());
        String page = registry.get("bricks/acme/signed").body();
        assertTrue(page.contains("Signed by") && page.contains(acme.signer().fingerprint()), page);
        HttpResponse<String> unsigned = registry.publish(BrickJar.head("acme/plain", "1.0.0", "a", "b"));
        assertEquals(201, unsigned.statusCode(), unsigned.body());
        assertTrue(JSON.readTree(unsigned.body()).path("signer").isMissingNode(), unsigned.body());
    }

    @Test
    void signaturesTheRegistryCannotVouchForAreRefused() throws Exception {
        byte[] good = signed("acme/refused", "1.0.0", acme);
        Path goodFile = Files.write(folder.resolve("refused-good.jar"), good);
        assertRefused("acme/refused", "1.0.0", signed("acme/refused", "1.0.0", stranger), 403, "key_not_registered");
        assertRefused("acme/refused", "1.0.0", signed("acme/refused", "1.0.0", globex), 403, "signer_not_trusted");
        assertRefused("acme/refused", "1.0.0", SignedBricks.withEntry(goodFile, "brick/README.md",
                "# not what was signed\n".getBytes(StandardCharsets.UTF_8)), 422, "signature_invalid");
        assertRefused("acme/refused", "1.0.0", SignedBricks.withEntry(goodFile, "brick/extra.txt",
                new byte[] {42}), 422, "signature_invalid");
        assertRefused("acme/refused", "1.0.0", Files.readAllBytes(SignedBricks.signed(
                BrickJar.head("acme/refused", "1.0.0", "negative", "positive"), folder, "refused-impostor",
                SignedBricks.impostor(acme, stranger))), 422, "signature_invalid");
    }

    @Test
    void aNamespaceThatRequiresSignaturesRefusesUnsignedBricks() throws Exception {
        String token = registry.token("initech", EnumSet.of(TokenRecord.Scope.PUBLISH, TokenRecord.Scope.YANK, TokenRecord.Scope.KEYS));
        assertFalse(JSON.readTree(registry.get("v1/namespaces/initech/policy").body()).path("requireSigned")
                .asBoolean());
        HttpResponse<String> set = send("PUT", "v1/namespaces/initech/policy", "{\"requireSigned\": true}", token);
        assertEquals(200, set.statusCode(), set.body());
        assertTrue(JSON.readTree(registry.get("v1/namespaces/initech/policy").body()).path("requireSigned")
                .asBoolean());
        byte[] unsigned = BrickJar.head("initech/strict", "1.0.0", "a", "b").bytes();
        assertProblem(registry.publish("initech/strict", "1.0.0", unsigned, token), 403, "unsigned_brick");
        assertProblem(send("PUT", "v1/namespaces/initech/policy", "{}", token), 400, "bad_request");
        assertProblem(send("PUT", "v1/namespaces/acme/policy", "{\"requireSigned\": true}", token), 403,
                "forbidden");
    }

    @Test
    void aRevokedKeyStaysRevokedAndSignsNothingNew() throws Exception {
        SigningKey old = SignedBricks.newKey("acme-old");
        assertEquals(201, putKey("acme", old, "acme-old", registry.token()).statusCode());
        assertEquals(201, registry.publish("acme/rotated", "1.0.0", signed("acme/rotated", "1.0.0", old),
                registry.token()).statusCode());
        HttpResponse<String> revoked = send("DELETE", "v1/namespaces/acme/keys/" + old.signer().fingerprint(), null,
                registry.token());
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("revoked", JSON.readTree(revoked.body()).path("status").asText());
        assertRefused("acme/rotated", "1.1.0", signed("acme/rotated", "1.1.0", old), 403, "key_revoked");
        assertEquals("revoked", JSON.readTree(registry.get("v1/bricks/acme/rotated/1.0.0").body()).path("signer")
                .path("status").asText(), "the version it signed says so");
        assertProblem(putKey("acme", old, "again", registry.token()), 403, "key_revoked");
    }

    @Test
    void keysAreRegisteredOnlyWithAKeysTokenOfTheNamespaceAndMustBeWhatTheUrlSays() throws Exception {
        SigningKey key = SignedBricks.newKey("acme-ci");
        String fingerprint = key.signer().fingerprint();
        assertProblem(putKey("acme", key, null, null), 401, "unauthorized");
        assertProblem(putKey("acme", key, null, registry.token("acme", EnumSet.of(TokenRecord.Scope.PUBLISH))),
                403, "forbidden");
        assertProblem(putKey("acme", key, null, registry.token("globex", EnumSet.of(TokenRecord.Scope.PUBLISH, TokenRecord.Scope.YANK, TokenRecord.Scope.KEYS))),
                403, "forbidden");
        assertProblem(putKey("acme", acme.signer().fingerprint(), key.signer().pem(), null, registry.token()), 400,
                "key_invalid");
        assertProblem(putKey("acme", fingerprint, "not a key", null, registry.token()), 400, "key_invalid");
        assertProblem(putKey("acme", "abc", key.signer().pem(), null, registry.token()), 400, "bad_request");
        assertEquals(201, putKey("acme", key, "acme-ci", registry.token()).statusCode());
        assertEquals(200, putKey("acme", key, "acme-ci", registry.token()).statusCode(), "registering again is a no-op");
        JsonNode keys = JSON.readTree(registry.get("v1/namespaces/acme/keys").body());
        boolean listed = false;
        for (JsonNode listedKey : keys) {
            listed |= listedKey.path("fingerprint").asText().equals(fingerprint)
                    && listedKey.path("name").asText().equals("acme-ci")
                    && listedKey.path("publicKey").asText().contains("BEGIN PUBLIC KEY");
        }
        assertTrue(listed, keys.toString());
        assertProblem(send("DELETE", "v1/namespaces/acme/keys/" + "0".repeat(64), null, registry.token()), 404,
                "not_found");
    }
}
