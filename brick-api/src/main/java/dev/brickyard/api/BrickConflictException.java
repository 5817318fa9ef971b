package dev.brickyard.api;

/** The operation would clash with what is already there, such as installing a brick id that is installed. */
public class BrickConflictException extends BrickException {
    private static final long serialVersionUID = 1L;

    public BrickConflictException(String message) {
        super(message);
    }
}
