package dev.brickyard.http.client;

import dev.brickyard.api.BrickException;

/** The registry refused the token: none was sent, it is unknown or revoked (401), or it may not do this (403). */
public final class RegistryAuthException extends BrickException {
    private static final long serialVersionUID = 1L;

    public RegistryAuthException(String message) {
        super(message);
    }
}
