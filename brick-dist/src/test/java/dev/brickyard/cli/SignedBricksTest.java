package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.SignedBricks;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.registry.RegistryFollower;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.host.trust.TrustPolicy;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.NamespaceKey;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed bricks end to end, as a user drives them: keys made and bricks signed and published with the CLI, a
 * registry that vouches for them, hosts whose trust policy refuses what a tampering registry serves and whose
 * follower cannot be hijacked by another namespace.
 */
class SignedBricksTest {
    @TempDir
    Path folder;

    private Map<String, String> author(String token) {
        return Map.of("BRICKYARD_TOKEN", token, "BRICKYARD_CONFIG_DIR", folder.resolve("config").toString(),
                "BRICK_KEYSTORE_PASSWORD", "unused");
    }

    @Test
    void keysAreMadeBricksSignedAndPublishedSignedWithTheCli() throws Exception {
        Path keys = Files.createDirectories(folder.resolve("keys"));
        CliRun created = CliRun.of("keys", "create", "acme-release", "--dir", keys.toString());
        assertEquals(0, created.exitCode(), created.toString());
        String fingerprint = created.out().split(": ")[1].strip();
        CliRun again = CliRun.of("keys", "create", "acme-release", "--dir", keys.toString());
        assertFalse(again.exitCode() == 0, "a key is never overwritten: " + again);
        CliRun shown = CliRun.of("keys", "show", keys.resolve("acme-release.pub.pem").toString());
        assertTrue(shown.out().startsWith(fingerprint), shown.toString());

        Path jar = BrickJar.head("acme/cli-signed", "1.0.0", "a", "b").writeTo(folder, "cli-signed");
        CliRun noKey = CliRun.of("sign", jar.toString());
        assertEquals(2, noKey.exitCode(), noKey.toString());
        Path signed = folder.resolve("cli-signed-signed.jar");
        CliRun sign = CliRun.of("sign", jar.toString(), "-o", signed.toString(), "--key",
                keys.resolve("acme-release.key.pem").toString());
        assertEquals(0, sign.exitCode(), sign.toString());
        CliRun verify = CliRun.of("verify", signed.toString());
        assertTrue(verify.out().contains("signed by key " + fingerprint), verify.toString());
        Path tampered = Files.write(folder.resolve("cli-tampered.jar"), SignedBricks.withEntry(signed,
                "brick/README.md", "# changed\n".getBytes(StandardCharsets.UTF_8)));
        CliRun refused = CliRun.of("verify", tampered.toString());
        assertEquals(9, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("signature does not verify"), refused.toString());

        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0))) {
            String token = registry.registry().tokens().create("acme", EnumSet.of(TokenRecord.Scope.PUBLISH, TokenRecord.Scope.YANK, TokenRecord.Scope.KEYS), "t")
                    .secret();
            String url = registry.uri().toString();
            String before = BrickVerifier.sha256(jar);
            CliRun unregistered = CliRun.in(CliRun.environment(folder, author(token)), "publish", jar.toString(),
                    "--sign", "--key", keys.resolve("acme-release.key.pem").toString(), "--registry", url);
            assertEquals(9, unregistered.exitCode(), unregistered.toString());
            assertTrue(unregistered.err().contains("key_not_registered"), unregistered.toString());
            registry.registry().store().addKey(new NamespaceKey("acme", fingerprint, "acme-release",
                    Files.readString(keys.resolve("acme-release.pub.pem")), Instant.now(), "t", null));
            CliRun published = CliRun.in(CliRun.environment(folder, author(token)), "publish", jar.toString(),
                    "--sign", "--key", keys.resolve("acme-release.key.pem").toString(), "--registry", url);
            assertEquals(0, published.exitCode(), published.toString());
            assertEquals(fingerprint, registry.registry().store().signer(BrickId.parse("acme/cli-signed"),
                    SemVer.parse("1.0.0")).orElseThrow());
            assertEquals(before, BrickVerifier.sha256(jar), "publish --sign signs a copy and leaves the bundle as it was");
        }
    }

    @Test
    void aHostDetectsABlobTamperedInTheRegistryEvenWhenTheRegistryServesItsDigest() throws Exception {
        SigningKey acme = SignedBricks.newKey("acme-release");
        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0))) {
            String token = registry.registry().tokens().create("acme", EnumSet.of(TokenRecord.Scope.PUBLISH, TokenRecord.Scope.YANK, TokenRecord.Scope.KEYS), "t")
                    .secret();
            registry.registry().store().addKey(new NamespaceKey("acme", acme.signer().fingerprint(), "acme-release",
                    acme.signer().pem(), Instant.now(), "t", null));
            Path signed = SignedBricks.signed(BrickJar.head("acme/tampered", "1.0.0", "a", "b"), folder, "t", acme);
            CliRun published = CliRun.in(CliRun.environment(folder, author(token)), "publish", signed.toString(),
                    "--registry", registry.uri().toString());
            assertEquals(0, published.exitCode(), published.toString());
            CliRun info = CliRun.in(CliRun.environment(folder, author(token)), "info", "acme/tampered",
                    "--registry", registry.uri().toString());
            assertEquals(0, info.exitCode(), info.toString());
            assertTrue(info.out().contains("origin of 1.0.0"), info.out());
            assertTrue(info.out().matches("(?s).*signed by +key " + acme.signer().fingerprint() + " \\(acme-release\\).*"),
                    info.out());
            assertTrue(info.out().matches("(?s).*provenance +none \\(the bundle carries no provenance statement\\).*"),
                    info.out());

            // Whoever holds the registry's disk and database: other bytes in the blob store, and the digest and size
            // the registry serves changed to theirs, so the download's digest check passes.
            byte[] evil = SignedBricks.withEntry(signed, "brick/README.md", "# evil\n".getBytes(StandardCharsets.UTF_8));
            Path evilFile = Files.write(folder.resolve("evil.jar"), evil);
            String evilDigest = BrickVerifier.sha256(evilFile);
            Path blob = registry.registry().blobs().find(BrickVerifier.sha256(signed)).orElseThrow();
            Path evilBlob = blob.getParent().getParent().resolve(evilDigest.substring(7, 9))
                    .resolve(evilDigest.substring(7));
            Files.createDirectories(evilBlob.getParent());
            Files.write(evilBlob, evil);
            try (Connection connection = registry.registry().database().dataSource().getConnection();
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE versions SET digest = ?, size_bytes = ? WHERE brick_id = ?")) {
                update.setString(1, evilDigest);
                update.setLong(2, evil.length);
                update.setString(3, "acme/tampered");
                assertEquals(1, update.executeUpdate());
            }

            TrustPolicy require = new TrustPolicy(TrustPolicy.Mode.REQUIRE, List.of(new TrustPolicy.TrustedKey(
                    "acme-release", acme.signer().fingerprint(), List.of("acme"))), false);
            try (BrickHost host = BrickHost.open(HostOptions.defaults().withTrust(require))) {
                UntrustedBrickException refused = assertThrows(UntrustedBrickException.class,
                        () -> new RegistryInstaller(host, new RegistryClient(registry.uri())).install("acme/tampered"));
                assertEquals(UntrustedBrickException.Reason.SIGNATURE_INVALID, refused.reason());
                assertTrue(refused.getMessage().contains("brick/README.md"), refused.getMessage());
                assertTrue(host.bricks().isEmpty());
            }
        }
    }

    @Test
    void followPatternsNameTheirNamespaceAndTheFollowerSkipsUntrustedNamespaces() throws Exception {
        CliRun wildcard = CliRun.of("host", "serve", "--registry", "http://127.0.0.1:9", "--follow", "*/sentiment",
                "--port", "0");
        assertEquals(2, wildcard.exitCode(), wildcard.toString());
        assertTrue(wildcard.err().contains("follows every namespace") && wildcard.err().contains("acme/sentiment"),
                wildcard.toString());

        SigningKey acme = SignedBricks.newKey("acme-release");
        SigningKey evil = SignedBricks.newKey("evil");
        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0))) {
            for (String namespace : List.of("acme", "evil")) {
                SigningKey key = namespace.equals("acme") ? acme : evil;
                String token = registry.registry().tokens().create(namespace, EnumSet.of(TokenRecord.Scope.PUBLISH, TokenRecord.Scope.YANK, TokenRecord.Scope.KEYS),
                        "t").secret();
                registry.registry().store().addKey(new NamespaceKey(namespace, key.signer().fingerprint(), namespace,
                        key.signer().pem(), Instant.now(), "t", null));
                Path jar = SignedBricks.signed(BrickJar.head(namespace + "/sentiment", "1.0.0", "a", "b"), folder,
                        namespace, key);
                CliRun published = CliRun.in(CliRun.environment(folder, author(token)), "publish", jar.toString(),
                        "--registry", registry.uri().toString());
                assertEquals(0, published.exitCode(), published.toString());
            }
            TrustPolicy policy = new TrustPolicy(TrustPolicy.Mode.REQUIRE, List.of(new TrustPolicy.TrustedKey(
                    "acme-release", acme.signer().fingerprint(), List.of("acme"))), true);
            List<String> log = new CopyOnWriteArrayList<>();
            try (BrickHost host = BrickHost.open(HostOptions.defaults().withTrust(policy));
                 RegistryFollower follower = RegistryFollower.start(host, new RegistryClient(registry.uri()),
                         List.of(RegistryFollower.Pattern.parse("*/sentiment@^1")), log::add)) {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                while (follower.lastEventId() < 2 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
                assertEquals(List.of("acme/sentiment@1.0.0"), host.bricks().stream().map(InstalledBrick::toString)
                        .toList(), log.toString());
                assertTrue(log.stream().anyMatch(line -> line.contains("skipped evil/sentiment")), log.toString());
            }
        }
    }
}
