package dev.brickyard.http.client;

import java.io.IOException;

/** The registry (or host) could not be reached, or the connection broke off before the answer was complete. */
public final class RegistryUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    public RegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
