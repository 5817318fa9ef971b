package dev.brickyard.registry.store;

import dev.brickyard.api.version.BrickId;
import java.time.Instant;

/**
 * A brick name with its totals; its metadata lives on its versions.
 *
 * @param copyOf the brick of another namespace this one copies, decided when its first version was published, or
 *               null for an original
 */
public record BrickRecord(BrickId id, Instant createdAt, Instant updatedAt, long downloads, BrickId copyOf) {
}
