package dev.brickyard.http.registry;

/** The answer of {@code /v1/resolve}: the best version for a reference, and where to get it. */
public record ResolvedVersion(String id, String version, String digest, long size, boolean yanked,
                              String downloadUrl) {
}
