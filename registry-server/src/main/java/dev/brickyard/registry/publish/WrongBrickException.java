package dev.brickyard.registry.publish;

import dev.brickyard.api.BrickException;

/** The uploaded bundle is a valid brick, but not the id and version the publish URL names. */
public final class WrongBrickException extends BrickException {
    private static final long serialVersionUID = 1L;

    public WrongBrickException(String message) {
        super(message);
    }
}
