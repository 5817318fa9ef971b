package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.CapturedLog;
import dev.brickyard.base.fixtures.SignedBricks;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.trust.TrustPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real host over HTTP with the trust policy {@code require}: key "acme-release" may sign namespace acme. Every
 * refused bundle leaves nothing installed and nothing kept; a swap to a refused bundle leaves the old version
 * serving.
 */
class TrustPolicyTest {
    @TempDir
    static Path folder;
    static Path storage;
    static SigningKey acme;
    static SigningKey stranger;
    static HostServer server;
    static HostClient client;

    @BeforeAll
    static void start() throws Exception {
        acme = SignedBricks.newKey("acme-release");
        stranger = SignedBricks.newKey("stranger");
        storage = Files.createDirectories(folder.resolve("storage"));
        TrustPolicy policy = new TrustPolicy(TrustPolicy.Mode.REQUIRE, List.of(new TrustPolicy.TrustedKey(
                "acme-release", acme.signer().fingerprint(), List.of("acme"))), false);
        server = HostServer.start(BrickHost.open(new HostOptions(BaseModelVariant.FP32, storage).withTrust(policy)),
                "127.0.0.1", 0, null);
        client = new HostClient(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static BrickJar head(String id, String version) {
        return BrickJar.head(id, version, "negative", "positive");
    }

    @Test
    void aBrickSignedByATrustedKeyInstallsAndSaysWhoSignedIt() throws Exception {
        Path jar = SignedBricks.signed(head("acme/trusted", "1.0.0"), folder, "trusted", acme);
        HostClient.Answer installed = client.postBundle("v1/bricks", jar);
        assertEquals(201, installed.status(), installed.body());
        JsonNode signature = installed.json().path("signature");
        assertTrue(signature.path("verified").asBoolean(), installed.body());
        assertEquals(acme.signer().fingerprint(), signature.path("fingerprint").asText());
        assertEquals("acme-release", signature.path("keyName").asText());
        assertEquals(signature, client.get("v1/bricks/acme/trusted").json().path("signature"));
    }

    @Test
    void everyUntrustedBundleIsRefusedWithItsCodeAndNothingIsKept() throws Exception {
        Path signed = SignedBricks.signed(head("acme/refused", "1.0.0"), folder, "refused", acme);
        Path tampered = Files.write(folder.resolve("tampered.jar"), SignedBricks.withEntry(signed, "brick/README.md",
                "# a card the publisher never signed\n".getBytes(StandardCharsets.UTF_8)));
        Path extra = Files.write(folder.resolve("extra.jar"), SignedBricks.withEntry(signed, "brick/notes.txt",
                "added after signing".getBytes(StandardCharsets.UTF_8)));
        Path wronglySigned = SignedBricks.signed(head("acme/refused", "1.0.0"), folder, "impostor",
                SignedBricks.impostor(acme, stranger));
        assertRefused(head("acme/refused", "1.0.0").writeTo(folder, "unsigned"), 403, "unsigned_brick");
        assertRefused(SignedBricks.signed(head("acme/refused", "1.0.0"), folder, "stranger", stranger), 403,
                "signer_not_trusted");
        assertRefused(SignedBricks.signed(head("other/refused", "1.0.0"), folder, "other-namespace", acme), 403,
                "signer_not_trusted");
        assertRefused(tampered, 422, "signature_invalid");
        assertRefused(extra, 422, "signature_invalid");
        assertRefused(wronglySigned, 422, "signature_invalid");
        assertTrue(client.get("v1/bricks").body().indexOf("refused") < 0, "nothing was installed");
        try (Stream<Path> kept = Files.list(storage.resolve("archives"))) {
            assertTrue(kept.noneMatch(file -> {
                try {
                    return Files.mismatch(file, signed) == -1;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), "no refused bundle is kept");
        }
    }

    @Test
    void aSwapToAnUntrustedVersionLeavesTheTrustedOneServing() throws Exception {
        Path first = SignedBricks.signed(head("acme/swapped", "1.0.0"), folder, "swapped-1", acme);
        assertEquals(201, client.postBundle("v1/bricks", first).status());
        HostClient.Answer refused = client.putBundle("v1/bricks/acme/swapped",
                SignedBricks.signed(head("acme/swapped", "1.1.0"), folder, "swapped-2", stranger));
        assertEquals(403, refused.status(), refused.body());
        assertEquals("signer_not_trusted", refused.json().path("code").asText());
        assertEquals("1.0.0", client.get("v1/bricks/acme/swapped").json().path("version").asText());
    }

    private static void assertRefused(Path jar, int status, String code) throws Exception {
        HostClient.Answer answer = client.postBundle("v1/bricks", jar);
        assertEquals(status, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        assertEquals(code, answer.json().path("code").asText(), answer.body());
        assertFalse(answer.json().path("detail").asText().isBlank());
    }

    /** Under warn, an unsigned brick installs, shown unverified, with one warning in the log. */
    @Test
    void underWarnAnUnsignedBrickInstallsUnverifiedWithOneWarning() throws Exception {
        TrustPolicy warn = new TrustPolicy(TrustPolicy.Mode.WARN, List.of(), false);
        try (CapturedLog log = CapturedLog.attach();
             HostServer warned = HostServer.start(BrickHost.open(HostOptions.defaults().withTrust(warn)),
                     "127.0.0.1", 0, null)) {
            HostClient.Answer installed = new HostClient(warned.uri()).postBundle("v1/bricks",
                    head("acme/warned", "1.0.0").writeTo(folder, "warned"));
            assertEquals(201, installed.status(), installed.body());
            assertFalse(installed.json().path("signature").path("verified").asBoolean());
            assertTrue(installed.json().path("signature").path("fingerprint").isNull());
            assertEquals(1, log.messages().stream().filter(line -> line != null
                    && line.contains("acme/warned is unsigned") && line.contains("unverified")).count(),
                    log.messages().toString());
        }
    }
}
