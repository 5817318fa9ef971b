package dev.brickyard.base.sign;

import dev.brickyard.api.UntrustedBrickException.Reason;
import dev.brickyard.api.UntrustedBrickException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSigner;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;
import jdk.security.jarsigner.JarSignerException;

/**
 * Signs bricks and reads their signatures, with the JDK's own JAR signing: {@link JarSigner} writes
 * {@code META-INF/MANIFEST.MF} digests per entry, a {@code META-INF/BRICK.SF} signature file and its signature block
 * ({@code BRICK.EC}, {@code .RSA}), exactly as {@code jarsigner} does; {@link JarFile} verifies them as Java and OSGi
 * frameworks do. On top of the JDK's check a brick is held to one rule: <b>every entry is signed, by the same one
 * signer</b>. The JDK accepts a signed JAR with unsigned entries added later (they are simply unsigned); a brick
 * with such an entry is refused, since the entry could be the weights.
 */
public final class BrickSignatures {
    /** The name of the signature files {@link #sign} writes: {@code META-INF/BRICK.SF} and its block. */
    public static final String SIGNER_NAME = "BRICK";
    /** Entries that make up a signature rather than content, as {@link JarFile} treats them. */
    private static final Pattern SIGNATURE_ENTRY = Pattern.compile(
            "META-INF/(MANIFEST\\.MF|[^/]+\\.(SF|DSA|RSA|EC)|SIG-[^/]+)");

    private BrickSignatures() {
    }

    /**
     * Signs {@code source} with {@code key}, writing the signed bundle to {@code target} (which may be
     * {@code source}: the signed bytes go to a file beside it first). Digests are SHA-256.
     */
    public static void sign(Path source, Path target, SigningKey key) throws IOException {
        JarSigner signer;
        try {
            signer = new JarSigner.Builder(key.privateKey(), CertificateFactory.getInstance("X.509")
                    .generateCertPath(key.chain())).digestAlgorithm("SHA-256").signerName(SIGNER_NAME).build();
        } catch (CertificateException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime makes certificate paths and has SHA-256", e);
        }
        Path partial = target.resolveSibling("." + target.getFileName() + ".signing");
        try (ZipFile zip = new ZipFile(source.toFile()); OutputStream out = Files.newOutputStream(partial)) {
            signer.sign(zip, out);
        } catch (JarSignerException e) {
            Files.deleteIfExists(partial);
            throw new IOException("cannot sign " + source + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads and verifies the signature of a bundle that {@code BrickVerifier} has already checked for size and
     * structure (every entry is read in full here).
     *
     * @return the signer, or {@link BrickSignature#UNSIGNED} when no entry is signed and the bundle carries no
     *         signature file
     * @throws UntrustedBrickException {@link Reason#SIGNATURE_INVALID} when a signature does not verify, an entry's
     *                                 bytes do not have the digest the signature covers, an entry is not signed, or
     *                                 entries are signed by different keys
     */
    public static BrickSignature read(Path archive) throws UntrustedBrickException, IOException {
        Set<SignerKey> signers = new HashSet<>();
        String unsigned = null;
        boolean signatureFiles = false;
        byte[] buffer = new byte[64 * 1024];
        try (JarFile jar = new JarFile(archive.toFile(), true)) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (SIGNATURE_ENTRY.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
                    signatureFiles |= !name.equals(JarFile.MANIFEST_NAME);
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // the digest is checked as the entry is read to its end
                    }
                }
                CodeSigner[] codeSigners = entry.getCodeSigners();
                if (codeSigners == null || codeSigners.length == 0) {
                    unsigned = unsigned == null ? name : unsigned;
                    continue;
                }
                for (CodeSigner codeSigner : codeSigners) {
                    signers.add(SignerKey.of(codeSigner.getSignerCertPath().getCertificates().get(0).getPublicKey()));
                }
            }
        } catch (SecurityException e) {
            throw new UntrustedBrickException(Reason.SIGNATURE_INVALID, archive.getFileName() + "'s signature does "
                    + "not verify: " + e.getMessage() + " (the bundle was changed after it was signed, or signed "
                    + "with another key than its certificate names)", e);
        }
        if (signers.isEmpty()) {
            if (signatureFiles) {
                throw new UntrustedBrickException(Reason.SIGNATURE_INVALID, archive.getFileName() + " carries "
                        + "signature files, but they sign none of its entries");
            }
            return BrickSignature.UNSIGNED;
        }
        if (unsigned != null) {
            throw new UntrustedBrickException(Reason.SIGNATURE_INVALID, archive.getFileName() + " is signed, but its "
                    + "entry " + unsigned + " is not: every entry of a signed brick must be signed");
        }
        if (signers.size() > 1) {
            throw new UntrustedBrickException(Reason.SIGNATURE_INVALID, archive.getFileName() + " is signed by "
                    + signers.size() + " keys; a brick has one signer");
        }
        return new BrickSignature(signers.iterator().next());
    }
}
