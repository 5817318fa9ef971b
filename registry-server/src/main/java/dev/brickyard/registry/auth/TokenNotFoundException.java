package dev.brickyard.registry.auth;

/** A token to revoke that the registry does not have. */
public final class TokenNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenNotFoundException(String message) {
        super(message);
    }
}
