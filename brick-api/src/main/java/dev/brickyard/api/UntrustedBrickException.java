package dev.brickyard.api;

/**
 * A brick refused for who signed it, not for what it holds: it is unsigned where a signature is required, its
 * signature does not verify (a tampered entry, an entry the signature does not cover, several signers), or its signer
 * is not trusted for the brick's namespace (unknown, registered for another namespace, revoked). {@link #reason()}
 * says which; the HTTP APIs answer each reason with its own stable code.
 */
public class UntrustedBrickException extends BrickException {
    private static final long serialVersionUID = 1L;

    /** Why a brick was refused. */
    public enum Reason {
        /** No signature, where the policy requires one. */
        UNSIGNED,
        /** The signature does not verify or does not cover every entry with one signer. */
        SIGNATURE_INVALID,
        /** The signature verifies, but its key may not sign this namespace. */
        SIGNER_NOT_TRUSTED,
        /** The signature verifies, but the namespace has not registered its key. */
        KEY_NOT_REGISTERED,
        /** The signature verifies, but the namespace revoked its key. */
        KEY_REVOKED
    }

    private final Reason reason;

    public UntrustedBrickException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public UntrustedBrickException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
