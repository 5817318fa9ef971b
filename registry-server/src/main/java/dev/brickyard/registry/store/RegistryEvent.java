package dev.brickyard.registry.store;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.time.Instant;

/** Something that happened to a version, in the order the database committed it. Ids only grow. */
public record RegistryEvent(long id, Type type, BrickId brick, SemVer version, String digest, Instant at) {

    /** The event types of the stream; the SSE event name is the lower-case name. */
    public enum Type {
        PUBLISHED, YANKED, UNYANKED;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
