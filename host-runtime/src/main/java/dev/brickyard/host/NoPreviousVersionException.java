package dev.brickyard.host;

import dev.brickyard.api.BrickConflictException;

/** A rollback was asked for a brick that has not been swapped since it was installed (or was rolled back fully). */
public final class NoPreviousVersionException extends BrickConflictException {
    private static final long serialVersionUID = 1L;

    public NoPreviousVersionException(String message) {
        super(message);
    }
}
