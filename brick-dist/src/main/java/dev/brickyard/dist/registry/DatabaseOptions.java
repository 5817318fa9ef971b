package dev.brickyard.dist.registry;

import dev.brickyard.http.server.ServerLimits;
import dev.brickyard.registry.RegistryConfig;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where a registry keeps its data, shared by {@code serve} and the admin commands. */
public final class DatabaseOptions {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "registry-data",
            description = "Folder for blobs and the embedded H2 database (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Database instead of H2 under --data, e.g. jdbc:postgresql://localhost/brickyard.")
    String databaseUrl;

    @Option(names = "--db-user", description = "Database user (or BRICKYARD_DB_USER).")
    String databaseUser;

    @Option(names = "--db-password", description = "Database password (or BRICKYARD_DB_PASSWORD).",
            arity = "0..1", interactive = true)
    String databasePassword;

    RegistryConfig config(String host, int port, long maxUploadBytes) {
        String user = databaseUser != null ? databaseUser : System.getenv("BRICKYARD_DB_USER");
        String password = databasePassword != null ? databasePassword : System.getenv("BRICKYARD_DB_PASSWORD");
        return new RegistryConfig(host, port, data, databaseUrl, user, password, maxUploadBytes, null, Set.of(),
                ServerLimits.DEFAULT, false, RegistryConfig.DEFAULT_QUERY_MODEL);
    }
}
