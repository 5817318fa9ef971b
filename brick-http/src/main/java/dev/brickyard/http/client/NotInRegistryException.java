package dev.brickyard.http.client;

import dev.brickyard.api.BrickNotFoundException;
import java.util.List;

/**
 * The registry has no such brick, no such version, or no version matching a reference ({@code brick_not_found},
 * {@code version_not_found}, {@code no_matching_version}): a brick that is not found in the registry, as opposed to
 * one that is not installed on a host.
 */
public final class NotInRegistryException extends BrickNotFoundException {
    private static final long serialVersionUID = 1L;

    public NotInRegistryException(String message) {
        super(message);
    }

    /** @param suggestions the registry's published ids close to the one asked for, best first */
    public NotInRegistryException(String message, List<String> suggestions) {
        super(message, suggestions);
    }
}
