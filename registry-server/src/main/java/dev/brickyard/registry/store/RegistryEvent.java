package dev.brickyard.registry.store;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.time.Instant;

/**
 * Something that happened to a version, or to a dist-tag, in the order the database committed it. Ids only grow.
 *
 * @param version the version concerned: for {@code tagged} the one the tag points at now, for {@code untagged} the
 *                one it pointed at
 * @param digest that version's digest
 * @param tag the dist-tag for {@code tagged} and {@code untagged}; null for the version events
 */
public record RegistryEvent(long id, Type type, BrickId brick, SemVer version, String digest, Instant at,
                            String tag) {

    /** A version event, which names no tag. */
    public RegistryEvent(long id, Type type, BrickId brick, SemVer version, String digest, Instant at) {
        this(id, type, brick, version, digest, at, null);
    }

    /** The event types of the stream; the SSE event name is the lower-case name. */
    public enum Type {
        PUBLISHED, YANKED, UNYANKED,
        /** A dist-tag was created or moved to a version. */
        TAGGED,
        /** A dist-tag was removed. */
        UNTAGGED;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
