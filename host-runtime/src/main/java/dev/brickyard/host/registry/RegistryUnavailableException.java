package dev.brickyard.host.registry;

import dev.brickyard.api.BrickException;

/** The registry could not be reached, answered with an error, or a download broke off; the host is unchanged. */
public final class RegistryUnavailableException extends BrickException {
    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
