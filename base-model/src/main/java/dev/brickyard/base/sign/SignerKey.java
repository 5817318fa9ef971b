package dev.brickyard.base.sign;

import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The public key of a brick signer, named by its fingerprint: the SHA-256 of the key's encoded form
 * (SubjectPublicKeyInfo, what {@link PublicKey#getEncoded()} gives), 64 lower-case hex digits. The fingerprint is
 * what registries record per version and trust policies list.
 */
public record SignerKey(String fingerprint, PublicKey publicKey) {
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    /** The key algorithms a brick may be signed with, as {@link KeyFactory} names them. */
    private static final List<String> ALGORITHMS = List.of("EC", "EdDSA", "RSA");

    /** The signer key of a public key. */
    public static SignerKey of(PublicKey key) {
        try {
            return new SignerKey(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getEncoded())), key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether {@code text} has the form of a fingerprint: 64 lower-case hex digits. */
    public static boolean isFingerprint(String text) {
        return text != null && FINGERPRINT.matcher(text).matches();
    }

    /**
     * Reads a public key from PEM text holding one {@code PUBLIC KEY} block (an EC, Ed25519 or RSA key) or, as a
     * convenience, a {@code CERTIFICATE} block, whose key is taken.
     *
     * @throws KeyFormatException when the text holds no such block or the key is not one of these kinds
     */
    public static SignerKey fromPem(String pem) throws KeyFormatException {
        for (Pem.Block block : Pem.read(pem)) {
            if (block.label().equals("PUBLIC KEY")) {
                for (String algorithm : ALGORITHMS) {
                    try {
                        return of(KeyFactory.getInstance(algorithm)
                                .generatePublic(new X509EncodedKeySpec(block.der())));
                    } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                        // not a key of this algorithm: try the next
                    }
                }
                throw new KeyFormatException("the PUBLIC KEY block is not an EC, Ed25519 or RSA public key");
            }
            if (block.label().equals("CERTIFICATE")) {
                return of(SigningKey.certificate(block.der()).getPublicKey());
            }
        }
        throw new KeyFormatException("no -----BEGIN PUBLIC KEY----- block found");
    }

    /** The public key as a PEM {@code PUBLIC KEY} block. */
    public String pem() {
        return Pem.write("PUBLIC KEY", publicKey.getEncoded());
    }

    /** The first 16 hex digits, for messages and lists; the full fingerprint identifies the key. */
    public String shortFingerprint() {
        return fingerprint.substring(0, 16);
    }
}
