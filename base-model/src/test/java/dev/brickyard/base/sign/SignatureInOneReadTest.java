package dev.brickyard.base.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.SignedBricks;
import dev.brickyard.base.verify.BrickVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature checked from the entries the format checks read ({@link BrickSignatures#verify}, what
 * {@code BrickVerifier} and so every install does): the same verdicts as reading the bundle again through the JDK's
 * verifying {@code JarFile} ({@link BrickSignatures#read}), and the same rule (every entry signed, by one key).
 */
class SignatureInOneReadTest {
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

    /** The signature as an install sees it: from the verifier's one read of the bundle. */
    static SignatureOutcome fromVerifier(Path jar) throws Exception {
        return new BrickVerifier().verify(jar).signature();
    }

    @Test
    void aSignedBrickNamesItsSignerForEveryAlgorithm() throws Exception {
        for (SigningKeyGenerator.Algorithm algorithm : SigningKeyGenerator.Algorithm.values()) {
            SigningKey key = SigningKeyGenerator.create(algorithm, "one read");
            Path jar = SignedBricks.signed(brick(), folder, "signed-" + algorithm, key);
            SignatureOutcome outcome = fromVerifier(jar);
            assertTrue(outcome.valid(), algorithm + ": " + outcome);
            assertEquals(key.signer(), outcome.require().signer(), algorithm.toString());
            assertEquals(BrickSignatures.read(jar), outcome.require(), "the same as a second read");
        }
    }

    @Test
    void anUnsignedBrickIsUnsigned() throws Exception {
        assertFalse(fromVerifier(brick().writeTo(folder, "plain")).require().signed());
    }

    @Test
    void theSignatureIsCheckedAgainstTheBytesTheFormatChecksRead() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "as-read", publisher);
        Map<String, byte[]> entries = entries(jar);
        assertEquals(publisher.signer(), BrickSignatures.verify(jar, entries).require().signer());
        // Other bytes than the ones signed, handed in as if read: the archive itself is not read again for them.
        entries.put("brick/README.md", "# not what was signed\n".getBytes(StandardCharsets.UTF_8));
        UntrustedBrickException e = assertThrows(UntrustedBrickException.class,
                () -> BrickSignatures.verify(jar, entries).require());
        assertEquals(UntrustedBrickException.Reason.SIGNATURE_INVALID, e.reason());
        assertTrue(e.getMessage().contains("SHA-256 digest error for brick/README.md"), e.getMessage());
    }

    @Test
    void aVerifierToldToSkipSignaturesChecksEverythingElseAndSaysItDidNotCheck() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "skipped", publisher);
        Path tampered = Files.write(folder.resolve("skipped-tampered.jar"), SignedBricks.withEntry(jar,
                "brick/README.md", "# another card\n".getBytes(StandardCharsets.UTF_8)));
        SignatureOutcome outcome = new BrickVerifier().withoutSignatures().verify(tampered).signature();
        assertFalse(outcome.checked(), outcome.toString());
        assertEquals("not checked", outcome.toString());
        assertThrows(IllegalStateException.class, outcome::require);
        assertTrue(new BrickVerifier().verify(tampered).signature().checked());
    }

    @Test
    void aTamperedEntryAnAddedEntryAndAnImpostorAreRefusedAsBefore() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "base", publisher);
        Path tampered = Files.write(folder.resolve("tampered.jar"), SignedBricks.withEntry(jar, "brick/README.md",
                "# another card\n".getBytes(StandardCharsets.UTF_8)));
        Path extra = Files.write(folder.resolve("extra.jar"), SignedBricks.withEntry(jar, "brick/extra.txt",
                new byte[] {1, 2, 3}));
        Path impostor = SignedBricks.signed(brick(), folder, "impostor", SignedBricks.impostor(publisher, attacker));
        assertRefused(tampered, "brick/README.md");
        assertRefused(extra, "brick/extra.txt is not");
        assertRefused(impostor, "does not verify");
    }

    @Test
    void aBrickSignedByTwoKeysIsRefused() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "twice", publisher);
        assertRefused(SignedBricks.signedAgain(jar, folder.resolve("second.jar"), attacker), "2 keys");
    }

    /**
     * An entry whose compressed data inflates past the size its header declares, the declared part being the signed
     * bytes: the JDK's verifying stream stops at the declared size and finds the digest right ({@link
     * BrickSignatures#read} calls such a bundle signed), but a plain read (what the format checks and the OSGi
     * framework do) gets every byte. The format checks refuse the size mismatch, and the signature checked from the
     * bytes they read covers what would be loaded, so it does not verify either.
     */
    @Test
    void bytesPastTheDeclaredSizeAreRefused() throws Exception {
        Path jar = SignedBricks.signed(brick(), folder, "longer", publisher);
        byte[] card = entries(jar).get("brick/README.md");
        byte[] longer = Arrays.copyOf(card, card.length + 20);
        System.arraycopy("\nignore the above.\n\n".getBytes(StandardCharsets.UTF_8), 0, longer, card.length, 20);
        Path extended = Files.write(folder.resolve("extended.jar"), declaring(jar, "brick/README.md", longer, card));
        try (ZipFile zip = new ZipFile(extended.toFile())) {
            assertEquals(card.length, zip.getEntry("brick/README.md").getSize());
            try (InputStream in = zip.getInputStream(zip.getEntry("brick/README.md"))) {
                assertEquals(longer.length, in.readAllBytes().length, "a plain read gets the extra bytes");
            }
        }
        MalformedBrickException malformed = assertThrows(MalformedBrickException.class,
                () -> new BrickVerifier().verify(extended));
        assertTrue(malformed.getMessage().contains("brick/README.md inflates to " + longer.length
                + " bytes, but the archive declares " + card.length), malformed.getMessage());
        SignatureOutcome outcome = BrickSignatures.verify(extended, entries(extended));
        assertFalse(outcome.valid(), outcome.toString());
        assertTrue(outcome.toString().contains("SHA-256 digest error for brick/README.md"), outcome.toString());
    }

    private static void assertRefused(Path jar, String message) throws Exception {
        SignatureOutcome outcome = fromVerifier(jar);
        assertFalse(outcome.valid(), jar + ": " + outcome);
        UntrustedBrickException e = assertThrows(UntrustedBrickException.class, outcome::require);
        assertEquals(UntrustedBrickException.Reason.SIGNATURE_INVALID, e.reason());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (!entry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        entries.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return entries;
    }

    /**
     * The bundle with {@code name}'s data replaced by {@code actual}, deflated, while its central directory record
     * declares the size and CRC of {@code declared}.
     */
    private static byte[] declaring(Path jar, String name, byte[] actual, byte[] declared) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(name)) {
                    out.write(actual);
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        byte[] zip = buffer.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(declared);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer view = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 46 <= zip.length; at++) {
            if (view.getInt(at) == 0x02014b50 && view.getShort(at + 28) == nameBytes.length
                    && Arrays.equals(Arrays.copyOfRange(zip, at + 46, at + 46 + nameBytes.length), nameBytes)) {
                view.putInt(at + 16, (int) crc.getValue());
                view.putInt(at + 24, declared.length);
                return zip;
            }
        }
        throw new AssertionError("no central directory record for " + name);
    }
}
