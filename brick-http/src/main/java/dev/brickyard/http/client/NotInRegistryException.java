package dev.brickyard.http.client;

import dev.brickyard.api.BrickNotFoundException;

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
}
