package dev.brickyard.base.sign;

import dev.brickyard.api.UntrustedBrickException.Reason;
import dev.brickyard.api.UntrustedBrickException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSigner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
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

    /** The manifest attribute of an entry's SHA-256, as {@link #sign} writes it. */
    private static final String SHA256_DIGEST = "SHA-256-Digest";
    /** The signature file's attribute of the whole manifest's SHA-256. */
    private static final String SHA256_MANIFEST_DIGEST = "SHA-256-Digest-Manifest";

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
     * Verifies the signature of a bundle from its entries as they were already read (by {@code BrickVerifier}, within
     * its limits), so that checking a signature does not read the archive's content a second time: each content
     * entry's SHA-256 is computed from those bytes and compared with its section of {@code META-INF/MANIFEST.MF}, the
     * signature file's digest of the whole manifest is compared with the manifest's bytes, and the JDK's verifying
     * {@link JarFile} checks the signature block over the signature file, by reading the smallest signed entry (its
     * signer is the bundle's). The rule is {@link #read}'s: every entry signed, by one signer.
     *
     * <p>This covers the bundles {@link #sign} writes (and {@code jarsigner} with SHA-256): one signature file and
     * one block, the whole manifest signed, SHA-256 entry digests. Any other signed bundle (several signature files,
     * other digest algorithms, a manifest changed since it was signed) is left to the JDK as {@link #read} reads it,
     * which reads every entry again.
     *
     * @param archive the bundle, for the signature block check and the fallback
     * @param entries every file entry of the bundle, by name, as read in full (directories left out)
     */
    public static SignatureOutcome verify(Path archive, Map<String, byte[]> entries) throws IOException {
        List<String> signatureFiles = entries.keySet().stream().filter(EntrySigners::isSignatureEntry)
                .filter(name -> !name.equals(JarFile.MANIFEST_NAME)).sorted().toList();
        if (signatureFiles.isEmpty()) {
            return SignatureOutcome.verified(BrickSignature.UNSIGNED); // as a verifying JarFile: nothing to verify
        }
        Optional<SignatureOutcome> fromEntries = fromEntries(archive, entries, signatureFiles);
        if (fromEntries.isPresent()) {
            return fromEntries.get();
        }
        try {
            return SignatureOutcome.verified(read(archive));
        } catch (UntrustedBrickException e) {
            return SignatureOutcome.invalid(e.getMessage(), e.getCause());
        }
    }

    /** The outcome from the entries already read, or empty when the bundle is not signed the common way. */
    private static Optional<SignatureOutcome> fromEntries(Path archive, Map<String, byte[]> entries,
                                                         List<String> signatureFiles) throws IOException {
        byte[] manifestBytes = entries.get(JarFile.MANIFEST_NAME);
        if (manifestBytes == null || signatureFiles.size() != 2) {
            return Optional.empty();
        }
        String signatureFile = signatureFiles.stream().filter(name -> name.endsWith(".SF")).findFirst().orElse(null);
        String base = signatureFile == null ? null : signatureFile.substring(0, signatureFile.length() - 3);
        if (signatureFile == null || signatureFiles.stream().noneMatch(name -> name.equals(base + ".RSA")
                || name.equals(base + ".EC") || name.equals(base + ".DSA"))) {
            return Optional.empty();
        }
        Manifest manifest;
        Manifest signed;
        try {
            manifest = new Manifest(new ByteArrayInputStream(manifestBytes));
            signed = new Manifest(new ByteArrayInputStream(entries.get(signatureFile)));
        } catch (IOException | RuntimeException unparsable) {
            return Optional.empty(); // the JDK says what it makes of it
        }
        if (!base64Sha256(manifestBytes).equals(signed.getMainAttributes().getValue(SHA256_MANIFEST_DIGEST))
                || signed.getEntries().keySet().stream().anyMatch(name -> name.startsWith("/")
                || name.startsWith("./"))) {
            return Optional.empty();
        }
        EntrySigners signers = new EntrySigners();
        signatureFiles.forEach(signers::signatureEntry);
        String probe = null;
        List<String> covered = new ArrayList<>();
        for (String name : entries.keySet().stream().sorted().toList()) {
            if (EntrySigners.isSignatureEntry(name)) {
                continue;
            }
            Attributes section = manifest.getAttributes(name);
            boolean otherDigests = section != null && section.keySet().stream().map(Object::toString)
                    .anyMatch(key -> key.endsWith("-Digest") && !key.equalsIgnoreCase(SHA256_DIGEST));
            if (otherDigests) {
                return Optional.empty();
            }
            String digest = section == null ? null : section.getValue(SHA256_DIGEST);
            if (digest == null || signed.getAttributes(name) == null) {
                signers.unsignedEntry(name);
            } else if (!digest.equals(base64Sha256(entries.get(name)))) {
                signers.brokenEntry(name, "SHA-256 digest error for " + name, null);
            } else {
                covered.add(name);
                probe = probe == null || entries.get(name).length < entries.get(probe).length ? name : probe;
            }
        }
        String archiveName = archive.getFileName().toString();
        if (probe != null) {
            Optional<SignerKey> signer = probeSigner(archive, probe, signers);
            if (signer.isEmpty()) {
                // refused on the way (a digest or the block): invalid; else the JDK signs otherwise than expected
                SignatureOutcome refused = signers.outcome(archiveName);
                return refused.valid() ? Optional.empty() : Optional.of(refused);
            }
            covered.forEach(name -> signers.signedEntry(name, signer.get()));
        }
        return Optional.of(signers.outcome(archiveName));
    }

    /**
     * The one key that signed {@code probe}, as the JDK's verifying {@link JarFile} finds it while it reads the entry
     * (checking the signature block over the signature file, and the signature file over the manifest); empty when it
     * finds none or several, which is left to {@link #read}. A refusal is noted in {@code signers}.
     */
    private static Optional<SignerKey> probeSigner(Path archive, String probe, EntrySigners signers)
            throws IOException {
        try (JarFile jar = new JarFile(archive.toFile(), true)) {
            JarEntry entry = jar.getJarEntry(probe);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = jar.getInputStream(entry)) {
                in.transferTo(OutputStream.nullOutputStream()); // the digest is checked at the entry's end
            } catch (SecurityException e) {
                signers.brokenEntry(probe, e);
                return Optional.empty();
            }
            CodeSigner[] codeSigners = entry.getCodeSigners();
            return codeSigners == null || codeSigners.length != 1 ? Optional.empty()
                    : Optional.of(EntrySigners.signer(codeSigners[0]));
        }
    }

    private static String base64Sha256(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Reads and verifies the signature of a bundle that {@code BrickVerifier} has already checked for size and
     * structure (every entry is read in full here). {@code BrickVerifier} checks the signature in its own read of
     * the entries ({@code VerifiedBrick.signature()}); this is for a bundle that is not verified again.
     *
     * @return the signer, or {@link BrickSignature#UNSIGNED} when no entry is signed and the bundle carries no
     *         signature file
     * @throws UntrustedBrickException {@link Reason#SIGNATURE_INVALID} when a signature does not verify, an entry's
     *                                 bytes do not have the digest the signature covers, an entry is not signed, or
     *                                 entries are signed by different keys
     */
    public static BrickSignature read(Path archive) throws UntrustedBrickException, IOException {
        EntrySigners signers = new EntrySigners();
        byte[] buffer = new byte[64 * 1024];
        try (JarFile jar = new JarFile(archive.toFile(), true)) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                if (EntrySigners.isSignatureEntry(entry.getName())) {
                    signers.signatureEntry(entry.getName());
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // the digest is checked as the entry is read to its end
                    }
                } catch (SecurityException e) {
                    signers.brokenEntry(entry.getName(), e);
                    break;
                }
                signers.contentEntry(entry);
            }
        }
        return signers.outcome(archive.getFileName().toString()).require();
    }
}
