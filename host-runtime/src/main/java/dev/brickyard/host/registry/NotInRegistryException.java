package dev.brickyard.host.registry;

import dev.brickyard.api.BrickException;

/** The registry has no such brick, or no version matching the reference. */
public final class NotInRegistryException extends BrickException {
    private static final long serialVersionUID = 1L;

    public NotInRegistryException(String message) {
        super(message);
    }
}
