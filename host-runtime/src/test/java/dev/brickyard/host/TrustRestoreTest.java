package dev.brickyard.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.SignedBricks;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.host.trust.TrustPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust policy is checked again when a host restores its kept bricks. */
class TrustRestoreTest {
    @TempDir
    Path folder;

    @Test
    void aKeptBrickTheNewPolicyRefusesStopsTheStartAndATrustedOneComesBackVerified() throws Exception {
        SigningKey acme = SignedBricks.newKey("acme-release");
        Path storage = Files.createDirectories(folder.resolve("storage"));
        TrustPolicy require = new TrustPolicy(TrustPolicy.Mode.REQUIRE, List.of(new TrustPolicy.TrustedKey(
                "acme-release", acme.signer().fingerprint(), List.of("acme"))), false);
        HostOptions options = new HostOptions(BaseModelVariant.FP32, storage);
        try (BrickHost host = BrickHost.open(options.withTrust(require))) {
            host.install(SignedBricks.signed(BrickJar.head("acme/kept", "1.0.0", "a", "b"), folder, "kept", acme));
        }
        try (BrickHost host = BrickHost.open(options.withTrust(require))) {
            InstalledBrick kept = host.bricks().get(0);
            assertEquals("acme/kept", kept.id().toString());
            assertTrue(host.trust(kept).verified());
            assertEquals("acme-release", host.trust(kept).keyName());
            Path unsigned = BrickJar.head("other/unsigned", "1.0.0", "a", "b").writeTo(folder, "unsigned");
            UntrustedBrickException refused = assertThrows(UntrustedBrickException.class,
                    () -> host.install(unsigned));
            assertEquals(UntrustedBrickException.Reason.UNSIGNED, refused.reason());
            assertEquals(1, host.bricks().size());
        }
        try (BrickHost host = BrickHost.open(options.withTrust(TrustPolicy.OFF))) {
            host.install(BrickJar.head("other/unsigned", "1.0.0", "a", "b").writeTo(folder, "unsigned"));
            assertFalse(host.trust(host.bricks().get(1)).verified());
        }
        HostStateException refused = assertThrows(HostStateException.class,
                () -> BrickHost.open(options.withTrust(require)).close());
        assertTrue(refused.getMessage().contains("other/unsigned@1.0.0"), refused.getMessage());
        assertTrue(refused.getMessage().contains("trust policy"), refused.getMessage());
        assertTrue(refused.getMessage().contains("state.json"), refused.getMessage());
    }
}
