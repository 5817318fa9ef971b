package dev.brickyard.base.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Makes a new signing key with the JDK's {@code keytool}: a key pair and a self-signed certificate for it, in a
 * PKCS#12 keystore in a temporary folder that is deleted again. The JDK has no public API to make a certificate, and
 * keytool is the tool that makes the keys jarsigner signs with.
 */
public final class SigningKeyGenerator {
    /** How long keytool may take; it needs about a second. */
    private static final long TIMEOUT_SECONDS = 60;

    /**
     * The kinds of key {@code brick keys create} makes; each signs JARs that Java 17's jarsigner verifies. Hosts
     * verify a signature at every install, and Java 17 verifies RSA fastest (about 0.5 ms for a small bundle, against
     * 1.4 ms for Ed25519 and 2.7 ms for ECDSA P-256 on the development machine: SignatureBenchmark), so RSA is
     * {@code brick keys create}'s default.
     */
    public enum Algorithm {
        /** ECDSA on NIST P-256 with SHA-256: small keys, understood by every Java since 7. */
        EC_P256("ec-p256", List.of("-keyalg", "EC", "-groupname", "secp256r1")),
        /** EdDSA on Curve25519: signed JARs need Java 15 or later to verify. */
        ED25519("ed25519", List.of("-keyalg", "Ed25519")),
        /** RSA with 3072-bit keys: the cheapest to verify, and understood by every tool. */
        RSA_3072("rsa-3072", List.of("-keyalg", "RSA", "-keysize", "3072"));

        private final String option;
        private final List<String> keytoolArguments;

        Algorithm(String option, List<String> keytoolArguments) {
            this.option = option;
            this.keytoolArguments = keytoolArguments;
        }

        /** The name on the command line, e.g. {@code ec-p256}. */
        public String option() {
            return option;
        }

        @Override
        public String toString() {
            return option;
        }

        /** Parses the name on the command line, in any case. */
        public static Algorithm fromOption(String text) {
            for (Algorithm algorithm : values()) {
                if (algorithm.option.equals(text.toLowerCase(Locale.ROOT))) {
                    return algorithm;
                }
            }
            throw new IllegalArgumentException("unknown key algorithm '" + text + "'; known: ec-p256, ed25519, "
                    + "rsa-3072");
        }
    }

    private SigningKeyGenerator() {
    }

    /**
     * A new key whose certificate names {@code commonName} and is valid for ten years (a signed JAR is verified
     * without regard to the certificate's dates; the fingerprint is what is trusted).
     *
     * @throws IOException when keytool is missing, fails or takes too long
     */
    public static SigningKey create(Algorithm algorithm, String commonName) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("this Java runtime has no keytool (" + keytool + "); run brick on a full JDK");
        }
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        char[] password = HexFormat.of().formatHex(secret).toCharArray();
        Path folder = Files.createTempDirectory("brick-key");
        Path keystore = folder.resolve("key.p12");
        try {
            List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "brick",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass:env", "BRICK_KEYSTORE_PASSWORD",
                    "-dname", "CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", " "), "-validity", "3650"));
            command.addAll(algorithm.keytoolArguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("BRICK_KEYSTORE_PASSWORD", new String(password));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool failed (exit " + process.exitValue() + "): " + output.strip());
            }
            return SigningKey.fromPkcs12(keystore, password, "brick");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool made the key", e);
        } catch (KeyFormatException e) {
            throw new IOException("keytool wrote a keystore that cannot be read: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(folder);
        }
    }
}
