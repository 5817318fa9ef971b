package dev.brickyard.base.sign;

import dev.brickyard.api.UntrustedBrickException.Reason;
import dev.brickyard.api.UntrustedBrickException;

/**
 * What reading a bundle's signature found: the signature, verified, or why it does not verify. The format checks
 * read every entry once and check the signature as they read ({@code BrickVerifier}); whether a signature that does
 * not verify matters is for the reader to decide (a host under trust mode {@code off} never asks), so it is kept
 * here instead of thrown.
 */
public final class SignatureOutcome {
    private static final SignatureOutcome NOT_CHECKED = new SignatureOutcome(null, null, null);
    private final BrickSignature signature;
    private final String failure;
    private final Throwable cause;

    private SignatureOutcome(BrickSignature signature, String failure, Throwable cause) {
        this.signature = signature;
        this.failure = failure;
        this.cause = cause;
    }

    /** A signature that verified, or {@link BrickSignature#UNSIGNED}. */
    public static SignatureOutcome verified(BrickSignature signature) {
        return new SignatureOutcome(signature, null, null);
    }

    /** A signature that does not verify, for {@code failure}; {@code cause} may be null. */
    public static SignatureOutcome invalid(String failure, Throwable cause) {
        return new SignatureOutcome(null, failure, cause);
    }

    /**
     * The outcome of a check that was not made, for a caller that does not act on signatures (a host under trust mode
     * {@code off}): {@link #require()} must not be called on it.
     */
    public static SignatureOutcome notChecked() {
        return NOT_CHECKED;
    }

    /** Whether the signature was checked at all (see {@link #notChecked()}). */
    public boolean checked() {
        return this != NOT_CHECKED;
    }

    /**
     * The signature.
     *
     * @throws UntrustedBrickException {@link Reason#SIGNATURE_INVALID} when it does not verify
     */
    public BrickSignature require() throws UntrustedBrickException {
        if (!checked()) {
            throw new IllegalStateException("the signature was not checked: the verifier was told to skip it");
        }
        if (failure != null) {
            throw new UntrustedBrickException(Reason.SIGNATURE_INVALID, failure, cause);
        }
        return signature;
    }

    /** Whether the signature verified (an unsigned bundle's absent one does). */
    public boolean valid() {
        return failure == null;
    }

    @Override
    public String toString() {
        return !checked() ? "not checked" : failure == null ? signature.toString() : "invalid: " + failure;
    }
}
