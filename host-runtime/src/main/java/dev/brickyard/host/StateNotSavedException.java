package dev.brickyard.host;

import dev.brickyard.api.BrickException;
import java.io.IOException;

/**
 * A change could not be made durable: its bundle or the host's state file could not be written to the storage
 * folder (a full disk, say). The change was refused: the host's bricks, their history and the state file are as
 * they were before it.
 */
public final class StateNotSavedException extends BrickException {
    private static final long serialVersionUID = 1L;

    public StateNotSavedException(String message, IOException cause) {
        super(message, cause);
    }
}
