package dev.brickyard.http.host;

import java.util.List;

/**
 * An installed brick as the API shows it.
 *
 * @param previousVersions the versions a rollback can return to, the most recent first
 * @param signature what the host's trust policy found for the installed version
 * @param precision what the host found about running the installed version on its base model build
 */
public record BrickDocument(String id, String version, String kind, List<String> labels, String digest,
                            long weightBytes, List<String> previousVersions, Signature signature,
                            Precision precision) {
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

    /**
     * The base model build a brick was trained on and the one the host serves it on.
     *
     * @param trainedOn {@code fp32} or {@code int8}; null for a brick that names no build (a composite)
     * @param servedOn the build the host runs
     * @param heldoutAgreement the share of held-out answers the brick's card shows unchanged on {@code servedOn}; null
     *                         when the builds are the same or the card does not say
     * @param verdict {@code same-build}, {@code answers-unchanged}, {@code changes-answers} (the host warns, or refuses
     *                such bricks with {@code --precision-mismatch refuse}) or {@code not-measured} (the host warns)
     */
    public record Precision(String trainedOn, String servedOn, Double heldoutAgreement, String verdict) {
    }
}
