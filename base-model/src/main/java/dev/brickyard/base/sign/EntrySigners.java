package dev.brickyard.base.sign;

import java.security.CodeSigner;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Who signed the entries of a jar, gathered entry by entry, and judged by the brick rule at the end
 * ({@link #outcome}): <b>every entry but the signature files is signed, by the same one signer</b>. Both ways of
 * reading a signature feed it ({@link BrickSignatures#read}, every entry through the JDK's verifying {@link JarFile};
 * {@link BrickSignatures#verify}, from entries already read), so the rule is written once.
 */
public final class EntrySigners {
    /** Entries that make up a signature rather than content, as {@link JarFile} treats them. */
    private static final Pattern SIGNATURE_ENTRY = Pattern.compile(
            "META-INF/(MANIFEST\\.MF|[^/]+\\.(SF|DSA|RSA|EC)|SIG-[^/]+)");

    private final Set<SignerKey> signers = new HashSet<>();
    private String unsigned;
    private boolean signatureFiles;
    private String broken;
    private String brokenBecause;
    private Throwable brokenBy;

    /**
     * Whether an entry is part of a signature (the manifest, a signature file or block) rather than content; such
     * entries are not signed themselves, and a verifying {@link JarFile} reads them before any other.
     */
    public static boolean isSignatureEntry(String name) {
        return SIGNATURE_ENTRY.matcher(name.toUpperCase(Locale.ROOT)).matches();
    }

    /** Notes a signature entry ({@link #isSignatureEntry}). */
    public void signatureEntry(String name) {
        signatureFiles |= !name.equalsIgnoreCase(JarFile.MANIFEST_NAME);
    }

    /** Notes a content entry once it has been read to its end through the verifying jar, which checked its digest. */
    public void contentEntry(JarEntry entry) {
        CodeSigner[] codeSigners = entry.getCodeSigners();
        if (codeSigners == null || codeSigners.length == 0) {
            unsignedEntry(entry.getName());
            return;
        }
        for (CodeSigner codeSigner : codeSigners) {
            signedEntry(entry.getName(), signer(codeSigner));
        }
    }

    /** Notes a content entry whose bytes have the digest a signature by {@code signer} covers. */
    public void signedEntry(String name, SignerKey signer) {
        signers.add(signer);
    }

    /** Notes a content entry no signature covers. */
    public void unsignedEntry(String name) {
        unsigned = unsigned == null ? name : unsigned;
    }

    /**
     * Notes an entry the verifying jar refused to read: its bytes do not match the signature, or the signature files
     * do not verify.
     */
    public void brokenEntry(String name, SecurityException refusal) {
        brokenEntry(name, refusal.getMessage(), refusal);
    }

    /** Notes an entry whose bytes do not have the digest the signature covers, for {@code reason}. */
    public void brokenEntry(String name, String reason, Throwable cause) {
        if (broken == null) {
            broken = name;
            brokenBecause = reason;
            brokenBy = cause;
        }
    }

    /** The key of a code signer, as the JDK's verification found it. */
    static SignerKey signer(CodeSigner codeSigner) {
        return SignerKey.of(codeSigner.getSignerCertPath().getCertificates().get(0).getPublicKey());
    }

    /** The signature of the archive called {@code archiveName}, judged by the brick rule. */
    public SignatureOutcome outcome(String archiveName) {
        if (broken != null) {
            return SignatureOutcome.invalid(archiveName + "'s signature does not verify: " + brokenBecause
                    + " (the bundle was changed after it was signed, or signed with another key than its "
                    + "certificate names)", brokenBy);
        }
        if (signers.isEmpty()) {
            return signatureFiles ? SignatureOutcome.invalid(archiveName + " carries signature files, but they sign "
                    + "none of its entries", null) : SignatureOutcome.verified(BrickSignature.UNSIGNED);
        }
        if (unsigned != null) {
            return SignatureOutcome.invalid(archiveName + " is signed, but its entry " + unsigned + " is not: every "
                    + "entry of a signed brick must be signed", null);
        }
        if (signers.size() > 1) {
            return SignatureOutcome.invalid(archiveName + " is signed by " + signers.size() + " keys; a brick has "
                    + "one signer", null);
        }
        return SignatureOutcome.verified(new BrickSignature(signers.iterator().next()));
    }
}
