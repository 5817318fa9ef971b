package dev.brickyard.registry.publish;

import dev.brickyard.api.BrickException;

/** The upload's body broke off before its end; nothing was kept. */
public final class UploadBrokenException extends BrickException {
    private static final long serialVersionUID = 1L;

    public UploadBrokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
