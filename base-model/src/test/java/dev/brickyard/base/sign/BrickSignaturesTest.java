package dev.brickyard.base.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.SignedBricks;
import dev.brickyard.base.verify.BrickVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing bricks and reading their signatures: the JDK's signed JARs, and every way to break one. */
class BrickSignaturesTest {
    static SigningKey publisher;
    static SigningKey attacker;
    @TempDir
    Path folder;

    @BeforeAll
    static void keys() throws IOException {
        publisher = SignedBricks.newKey("acme release");
        attacker = SignedBricks.newKey("mallory");
    }

    static BrickJar brick() {
        return BrickJar.head("acme/signed", "1.0.0", "negative", "positive");
    }

    @Test
    void aSignedBrickNamesItsSignerAndStillVerifiesAsABrick() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "signed", publisher);
        BrickSignature signature = BrickSignatures.read(jar);
        assertTrue(signature.signed());
        assertEquals(publisher.signer(), signature.signer());
        assertEquals(64, signature.signer().fingerprint().length());
        assertEquals("acme/signed", new BrickVerifier().verify(jar).manifest().id());
    }

    @Test
    void jarsignerVerifiesWhatBrickSignsSoTheFormatIsTheStandardOne() throws Exception {
        for (SigningKeyGenerator.Algorithm algorithm : SigningKeyGenerator.Algorithm.values()) {
            SigningKey key = SigningKeyGenerator.create(algorithm, "jarsigner check");
            Path jar = SignedBricks.signed(brick(), folder, "standard-" + algorithm, key);
            Path jarsigner = Path.of(System.getProperty("java.home"), "bin", "jarsigner");
            Process process = new ProcessBuilder(jarsigner.toString(), "-verify", "-strict", jar.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            // -strict turns warnings into exit codes: 4 says the certificate is self-signed (not chained to a CA),
            // which is how bricks are trusted (by key fingerprint); anything about the signature itself is 1 or 16+
            assertTrue(process.exitValue() == 0 || process.exitValue() == 4, algorithm + ": " + output);
            assertTrue(output.contains("jar verified"), algorithm + " exit " + process.exitValue() + ": " + output);
            assertEquals(key.signer(), BrickSignatures.read(jar).signer());
        }
    }

    @Test
    void anUnsignedBrickIsUnsigned() throws Exception {
        Path jar = brick().writeTo(folder, "plain");
        assertFalse(BrickSignatures.read(jar).signed());
    }

    @Test
    void aTamperedEntryIsRefused() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "tampered", publisher);
        Path tampered = folder.resolve("tampered2.jar");
        Files.write(tampered, SignedBricks.withEntry(jar, "brick/README.md",
                "# another card\n".getBytes(StandardCharsets.UTF_8)));
        UntrustedBrickException e = assertThrows(UntrustedBrickException.class, () -> BrickSignatures.read(tampered));
        assertEquals(UntrustedBrickException.Reason.SIGNATURE_INVALID, e.reason());
        assertTrue(e.getMessage().contains("brick/README.md"), e.getMessage());
    }

    @Test
    void anEntryAddedAfterSigningIsRefused() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "extra", publisher);
        Path extra = folder.resolve("extra2.jar");
        Files.write(extra, SignedBricks.withEntry(jar, "brick/extra.txt", new byte[] {1, 2, 3}));
        UntrustedBrickException e = assertThrows(UntrustedBrickException.class, () -> BrickSignatures.read(extra));
        assertEquals(UntrustedBrickException.Reason.SIGNATURE_INVALID, e.reason());
        assertTrue(e.getMessage().contains("brick/extra.txt is not"), e.getMessage());
    }

    @Test
    void aSignatureMadeWithAnotherKeyThanItsCertificateIsRefused() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "impostor", SignedBricks.impostor(publisher, attacker));
        UntrustedBrickException e = assertThrows(UntrustedBrickException.class, () -> BrickSignatures.read(jar));
        assertEquals(UntrustedBrickException.Reason.SIGNATURE_INVALID, e.reason());
    }

    @Test
    void aBrickSignedByTwoKeysIsRefused() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "twice", publisher);
        Path second = SignedBricks.signedAgain(jar, folder.resolve("second.jar"), attacker);
        UntrustedBrickException e = assertThrows(UntrustedBrickException.class, () -> BrickSignatures.read(second));
        assertTrue(e.getMessage().contains("2 keys"), e.getMessage());
    }

    @Test
    void keysRoundTripThroughPemFilesAndKeystores() throws Exception {
        Path pem = folder.resolve("key.pem");
        publisher.writePem(pem);
        SigningKey read = SigningKey.fromPem(pem);
        assertEquals(publisher.signer(), read.signer());
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> publisher.writePem(pem));
        assertEquals(publisher.signer(), SignerKey.fromPem(publisher.signer().pem()));
        KeyFormatException notAKey = assertThrows(KeyFormatException.class, () -> SignerKey.fromPem("hello"));
        assertTrue(notAKey.getMessage().contains("PUBLIC KEY"));
        Path jar = SignedBricks.signed(brick(), folder, "from-pem", read);
        assertEquals(publisher.signer(), BrickSignatures.read(jar).signer());
        Files.writeString(folder.resolve("bad.pem"), List.of(publisher.signer().pem()).get(0));
        assertThrows(KeyFormatException.class, () -> SigningKey.fromPem(folder.resolve("bad.pem")));
    }
}
