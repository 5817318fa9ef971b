package dev.brickyard.dist.registry;

import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.remote.RegistryOptions;
import dev.brickyard.http.client.RegistryAuthException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.server.ServerLogging;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.store.Database;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.sql.SQLException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the {@code brick registry token} commands work: a running registry through its admin API ({@code --registry}
 * with an admin token), or directly the database of a stopped one ({@code --data} or {@code --db}, like a migration
 * tool). An embedded H2 database that a running registry holds open is refused with the command to use instead.
 */
public final class TokenTarget {
    /** H2's error code for a database file another process has open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private final CliEnvironment environment;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Work through this running registry's admin API with an admin token, instead of on the "
                    + "database of a stopped registry (--data, --db).")
    String registry;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The admin token for --registry (default: BRICKYARD_ADMIN_TOKEN, else the admin token "
                    + "'brick login' stored for the registry). Prefer the variable: options show in process lists.")
    String token;

    public TokenTarget(CliEnvironment environment) {
        this.environment = environment;
    }

    /** Whether to work through a running registry. */
    boolean remote() throws UsageException {
        boolean databaseNamed = command.commandLine().getParseResult().hasMatchedOption("--data")
                || command.commandLine().getParseResult().hasMatchedOption("--db");
        if (registry != null && databaseNamed) {
            throw new UsageException("--registry works through a running registry, --data and --db on the database "
                    + "of a stopped one: give one or the other");
        }
        if (registry == null && token != null) {
            throw new UsageException("--token is the admin token for --registry; without --registry the command "
                    + "works on the database directly and needs none");
        }
        return registry != null;
    }

    /** A client of the running registry with the admin token. */
    RegistryClient client(OutputOptions output) throws IOException, InvalidInputException, RegistryAuthException {
        return new RegistryOptions(environment, registry).adminClient(output, token);
    }

    /** The stopped registry's store, migrated to the current schema. */
    JdbcBrickStore openStore() throws UsageException {
        ServerLogging.quiet();
        RegistryConfig config = database.config("127.0.0.1", 0, 1);
        String url = config.databaseUrl() != null ? config.databaseUrl() : Database.h2Url(config.data());
        try {
            return new JdbcBrickStore(Database.open(url, config.databaseUser(), config.databasePassword()));
        } catch (RuntimeException e) {
            if (heldOpen(e)) {
                throw new UsageException("the registry database in " + config.data().toAbsolutePath() + " is held "
                        + "open: the registry is running. Work through it instead: add --registry URL (with an admin "
                        + "token in BRICKYARD_ADMIN_TOKEN), or stop the registry first");
            }
            throw e;
        }
    }

    private static boolean heldOpen(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }
}
