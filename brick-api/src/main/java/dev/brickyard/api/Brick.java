package dev.brickyard.api;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;

/**
 * A loaded brick: its manifest plus whatever native memory its weights occupy. Owned by exactly one host,
 * which closes it when the brick's bundle stops.
 */
public interface Brick extends AutoCloseable {

    BrickManifest manifest();

    default BrickId id() {
        return manifest().brickId();
    }

    default SemVer version() {
        return manifest().semVer();
    }

    /** Bytes of weights this brick holds, for admission by memory budget. */
    long weightBytes();

    /** Frees the brick's native memory; calling it twice is harmless. */
    @Override
    void close();
}
