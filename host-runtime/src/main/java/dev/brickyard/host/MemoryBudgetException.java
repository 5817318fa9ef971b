package dev.brickyard.host;

import dev.brickyard.api.IncompatibleBrickException;

/**
 * Loading a brick would take the host's brick weights past its memory budget; nothing was changed. A kind of
 * incompatibility: the brick cannot run on this host as it is configured.
 */
public final class MemoryBudgetException extends IncompatibleBrickException {
    private static final long serialVersionUID = 1L;

    public MemoryBudgetException(String message) {
        super(message);
    }
}
