package dev.brickyard.base.sign;

/**
 * What a bundle's signature says, once it verified: who signed every entry, or that nothing is signed.
 *
 * @param signer the key that signed every entry; null for an unsigned bundle
 */
public record BrickSignature(SignerKey signer) {
    /** A bundle without a signature. */
    public static final BrickSignature UNSIGNED = new BrickSignature(null);

    public boolean signed() {
        return signer != null;
    }

    @Override
    public String toString() {
        return signed() ? "signed by " + signer.fingerprint() : "unsigned";
    }
}
