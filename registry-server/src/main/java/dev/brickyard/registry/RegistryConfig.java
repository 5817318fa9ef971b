package dev.brickyard.registry;

import java.nio.file.Path;

/**
 * How to run a registry.
 *
 * @param host interface to listen on
 * @param port TCP port, 0 for any free one
 * @param data folder for blobs (and the H2 database unless {@code databaseUrl} is given)
 * @param databaseUrl {@code jdbc:h2:...} or {@code jdbc:postgresql:...}; null for H2 under {@code data}
 * @param maxUploadBytes largest bundle accepted
 */
public record RegistryConfig(String host, int port, Path data, String databaseUrl, String databaseUser,
                             String databasePassword, long maxUploadBytes) {
    public static final long DEFAULT_MAX_UPLOAD = 64L << 20;

    /** Loopback, the given port, H2 under the folder, 64 MiB uploads. */
    public static RegistryConfig embedded(Path data, int port) {
        return new RegistryConfig("127.0.0.1", port, data, null, null, null, DEFAULT_MAX_UPLOAD);
    }

    public RegistryConfig withDatabase(String url, String user, String password) {
        return new RegistryConfig(host, port, data, url, user, password, maxUploadBytes);
    }

    public RegistryConfig withMaxUploadBytes(long bytes) {
        return new RegistryConfig(host, port, data, databaseUrl, databaseUser, databasePassword, bytes);
    }
}
