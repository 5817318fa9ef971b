package dev.brickyard.host.precision;

import dev.brickyard.api.IncompatibleBrickException;

/**
 * The host's base model build changes a brick's answers, as its card shows, and the host refuses such bricks
 * ({@code --precision-mismatch refuse}). Answered with the stable code {@code precision_mismatch}.
 */
public final class PrecisionMismatchException extends IncompatibleBrickException {
    private static final long serialVersionUID = 1L;
    private final transient PrecisionVerdict verdict;

    public PrecisionMismatchException(String message, PrecisionVerdict verdict) {
        super(message);
        this.verdict = verdict;
    }

    public PrecisionVerdict verdict() {
        return verdict;
    }
}
