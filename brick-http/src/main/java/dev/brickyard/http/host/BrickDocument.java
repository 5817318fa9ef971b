package dev.brickyard.http.host;

import java.util.List;

/**
 * An installed brick as the API shows it.
 *
 * @param previousVersions the versions a rollback can return to, the most recent first
 * @param signature what the host's trust policy found for the installed version
 */
public record BrickDocument(String id, String version, String kind, List<String> labels, String digest,
                            long weightBytes, List<String> previousVersions, Signature signature) {
    /**
     * Who signed a brick, as far as the host's trust policy is concerned.
     *
     * @param verified true when a key the policy trusts for the brick's namespace signed it
     * @param fingerprint the signer's key fingerprint (SHA-256 of the public key, hex); null when unsigned or when
     *                    the policy is {@code off}
     * @param keyName the name the trust policy gives the key; null when it does not list it
     */
    public record Signature(boolean verified, String fingerprint, String keyName) {
    }
}
