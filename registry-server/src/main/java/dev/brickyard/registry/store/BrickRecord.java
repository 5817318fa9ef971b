package dev.brickyard.registry.store;

import dev.brickyard.api.version.BrickId;
import java.time.Instant;

/** A brick name with its totals; its metadata lives on its versions. */
public record BrickRecord(BrickId id, Instant createdAt, Instant updatedAt, long downloads) {
}
