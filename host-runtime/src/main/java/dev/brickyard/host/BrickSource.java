package dev.brickyard.host;

import java.net.URI;
import java.util.Objects;

/**
 * Where the bundle of an installed brick came from: a registry, resolved from a reference, or an upload (an HTTP
 * body, or a file or stream given to {@link BrickHost#install(java.nio.file.Path)}). A host with a storage folder
 * keeps it with the brick across restarts; bricks are always restored from their kept bundles, never fetched again.
 *
 * @param registry the registry the bundle was downloaded from; null for an upload
 * @param reference the exact version downloaded, as {@code ns/name@version}; null for an upload
 */
public record BrickSource(URI registry, String reference) {
    /** A bundle sent to the host rather than fetched by it. */
    public static final BrickSource UPLOAD = new BrickSource(null, null);

    public BrickSource {
        if ((registry == null) != (reference == null)) {
            throw new IllegalArgumentException("a registry source names both the registry and the reference");
        }
    }

    /** The bundle of {@code reference} downloaded from {@code registry}. */
    public static BrickSource registry(URI registry, String reference) {
        return new BrickSource(Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(reference, "reference"));
    }

    /** Whether the bundle was sent to the host rather than fetched from a registry. */
    public boolean uploaded() {
        return registry == null;
    }

    @Override
    public String toString() {
        return uploaded() ? "upload" : reference + " from " + registry;
    }
}
