package dev.brickyard.registry.auth;

/** A token to revoke that was revoked before: nothing changes, and the answer says when it was. */
public final class TokenRevokedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenRevokedException(String message) {
        super(message);
    }
}
