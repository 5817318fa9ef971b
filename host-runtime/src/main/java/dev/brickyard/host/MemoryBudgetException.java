package dev.brickyard.host;

import dev.brickyard.api.BrickException;

/** Loading a brick would take the host's brick weights past its memory budget; nothing was changed. */
public final class MemoryBudgetException extends BrickException {
    private static final long serialVersionUID = 1L;

    public MemoryBudgetException(String message) {
        super(message);
    }
}
