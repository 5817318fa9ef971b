package dev.brickyard.http.client;

import dev.brickyard.api.BrickException;

/** Downloaded bytes do not hash to the digest the registry published for them; the file was not kept. */
public final class DigestMismatchException extends BrickException {
    private static final long serialVersionUID = 1L;

    public DigestMismatchException(String message) {
        super(message);
    }
}
