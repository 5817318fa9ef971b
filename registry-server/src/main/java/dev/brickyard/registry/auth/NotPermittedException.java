package dev.brickyard.registry.auth;

/** A valid token that may not do what was asked: it belongs to another namespace or lacks the scope. */
public final class NotPermittedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotPermittedException(String message) {
        super(message);
    }
}
