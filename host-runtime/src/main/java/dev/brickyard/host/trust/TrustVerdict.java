package dev.brickyard.host.trust;

/**
 * What the trust policy found for a brick it let in.
 *
 * @param fingerprint the signer's key fingerprint; null when the brick is unsigned or the policy is {@code off}
 * @param keyName the name the trust policy gives the signer's key; null when the key is not in the policy
 * @param verified true when the brick is signed by a key the policy trusts for its namespace; false when the policy
 *                 let it in unverified ({@code warn}, or {@code off}, which reads no signatures)
 */
public record TrustVerdict(String fingerprint, String keyName, boolean verified) {
    /** A brick the policy did not check ({@code off}). */
    public static final TrustVerdict UNCHECKED = new TrustVerdict(null, null, false);
}
