package dev.brickyard.api;

/** Root of every checked exception about bricks: callers can catch one type at a boundary. */
public class BrickException extends Exception {
    private static final long serialVersionUID = 1L;

    public BrickException(String message) {
        super(message);
    }

    public BrickException(String message, Throwable cause) {
        super(message, cause);
    }
}
