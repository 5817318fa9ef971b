package dev.brickyard.api;

/**
 * A well-formed brick that cannot run here: it was built for another base model or embedding width, or one of
 * its OSGi requirements is not met. The message names the unmet requirement.
 */
public class IncompatibleBrickException extends BrickException {
    private static final long serialVersionUID = 1L;

    public IncompatibleBrickException(String message) {
        super(message);
    }

    public IncompatibleBrickException(String message, Throwable cause) {
        super(message, cause);
    }
}
