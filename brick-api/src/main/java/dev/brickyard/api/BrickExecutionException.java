package dev.brickyard.api;

/** A loaded brick failed while computing an answer; the brick stays installed and other bricks are unaffected. */
public class BrickExecutionException extends BrickException {
    private static final long serialVersionUID = 1L;

    public BrickExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
