package dev.brickyard.dist.registry;

import dev.brickyard.cli.UsageException;
import dev.brickyard.http.server.ServerLogging;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.store.Database;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.registry.store.TokenRecord;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brick registry token}: administers tokens directly in the registry's database (run it where the
 * registry's data is, like a database migration tool).
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list and revoke publishing tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand {

    static JdbcBrickStore open(DatabaseOptions options) {
        ServerLogging.quiet();
        RegistryConfig config = options.config("127.0.0.1", 0, 1);
        String url = config.databaseUrl() != null ? config.databaseUrl() : Database.h2Url(config.data());
        return new JdbcBrickStore(Database.open(url, config.databaseUser(), config.databasePassword()));
    }

    /** {@code brick registry token create --namespace acme}: prints the secret once. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token for a namespace and print its secret (shown only this once).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Option(names = "--namespace", required = true, description = "The namespace the token may publish to.")
        String namespace;
        @Option(names = "--scope", split = ",", defaultValue = "publish,yank",
                description = "publish, yank, keys (register and revoke signing keys, set the signing policy), "
                        + "comma-separated (default: ${DEFAULT-VALUE}).")
        List<String> scopes;
        @Option(names = "--description", defaultValue = "", description = "A note to recognise the token by.")
        String description;

        @Override
        public Integer call() throws Exception {
            Set<TokenRecord.Scope> parsed = EnumSet.noneOf(TokenRecord.Scope.class);
            try {
                scopes.forEach(scope -> parsed.add(TokenRecord.Scope.parse(scope)));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            try (JdbcBrickStore store = open(database)) {
                Tokens.Created created;
                try {
                    created = new Tokens(store).create(namespace, parsed, description);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                PrintWriter out = spec.commandLine().getOut();
                out.println(created.secret());
                spec.commandLine().getErr().printf("token %s for namespace %s (%s); the secret above is shown once%n",
                        created.token().id(), namespace, String.join(",", scopes));
                return 0;
            }
        }
    }

    /** {@code brick registry token list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Option(names = "--namespace", description = "Only this namespace's tokens.")
        String namespace;

        @Override
        public Integer call() {
            try (JdbcBrickStore store = open(database)) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-14s %-20s %-14s %-26s %s%n", "ID", "NAMESPACE", "SCOPES", "CREATED", "STATE");
                for (TokenRecord token : store.tokens(namespace)) {
                    out.printf("%-14s %-20s %-14s %-26s %s%n", token.id(), token.namespace(),
                            String.join(",", token.scopes().stream().map(TokenRecord.Scope::jsonName).sorted().toList()),
                            token.createdAt(), token.revoked() ? "revoked " + token.revokedAt() : "active");
                }
                return 0;
            }
        }
    }

    /** {@code brick registry token revoke ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token at once.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Parameters(paramLabel = "ID", description = "The token's id, as 'token list' shows it.")
        String id;

        @Override
        public Integer call() throws Exception {
            try (JdbcBrickStore store = open(database)) {
                if (!store.revokeToken(id)) {
                    throw new dev.brickyard.api.BrickNotFoundException("no active token with id " + id);
                }
                spec.commandLine().getOut().println("revoked " + id);
                return 0;
            }
        }
    }
}
