package dev.brickyard.host.registry;

import dev.brickyard.api.BrickException;

/** A downloaded bundle does not hash to the digest the registry published; it was deleted, not installed. */
public final class DigestMismatchException extends BrickException {
    private static final long serialVersionUID = 1L;

    public DigestMismatchException(String message) {
        super(message);
    }
}
