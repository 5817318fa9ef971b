package dev.brickyard.registry.auth;

/** A request that needs a token came without one, or with one this registry does not know or has revoked. */
public final class UnauthenticatedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String message) {
        super(message);
    }
}
