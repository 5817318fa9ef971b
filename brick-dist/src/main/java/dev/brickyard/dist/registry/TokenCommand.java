package dev.brickyard.dist.registry;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.registry.CreatedToken;
import dev.brickyard.http.registry.TokenInfo;
import dev.brickyard.http.registry.TokenList;
import dev.brickyard.http.registry.TokenRequest;
import dev.brickyard.registry.auth.TokenNotFoundException;
import dev.brickyard.registry.auth.TokenRevokedException;
import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.resource.Documents;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.registry.store.TokenRecord;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick registry token}: administers tokens, through a running registry's admin API ({@code --registry} with
 * an admin token) or directly in the database of a stopped registry (run it where the registry's data is, like a
 * database migration tool). Both ways answer alike.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke tokens.",
                "With --registry URL the commands work through the running registry and need an admin token "
                        + "(--token, BRICKYARD_ADMIN_TOKEN, or 'brick login' with an admin token). Without it they "
                        + "work on the database of a stopped registry (--data, --db), which makes the first admin "
                        + "token: 'brick registry token create --admin'; or start the registry with "
                        + "--admin-token-file FILE."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand {

    /** {@code brick registry token create --namespace acme} or {@code --admin}: prints the secret once. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a token and print its secret (shown only this once) on standard output.",
                    "A namespace's token publishes and/or yanks in it; an admin token (--admin) creates, lists and "
                            + "revokes tokens through the registry's admin API, and publishes nothing."})
    static final class Create implements Callable<Integer> {
        @Mixin
        TokenTarget target;
        @Mixin
        OutputOptions output;
        @Option(names = "--namespace", description = "The namespace the token may publish to and yank in.")
        String namespace;
        @Option(names = "--admin", description = "Make an admin token, which belongs to no namespace.")
        boolean admin;
        @Option(names = "--scope", split = ",",
                description = "publish, yank, keys (register and revoke signing keys, set the signing policy), "
                        + "comma-separated (default: publish,yank); not with --admin.")
        List<String> scopes;
        @Option(names = "--description", defaultValue = "", description = "A note to recognise the token by.")
        String description;

        @Override
        public Integer call() throws Exception {
            if (admin == (namespace != null)) {
                throw new UsageException("give --namespace NS for a namespace's token, or --admin for an admin token");
            }
            if (admin && scopes != null) {
                throw new UsageException("an admin token has the admin scope alone: --scope goes with --namespace");
            }
            List<String> names = admin ? List.of("admin") : scopes == null ? List.of("publish", "yank") : scopes;
            CreatedToken created = target.remote()
                    ? target.client(output).createToken(new TokenRequest(namespace, names, description))
                    : createInDatabase(names);
            if (output.json()) {
                output.printJson(created);
            } else {
                output.out().println(created.secret());
                output.out().flush();
                TokenInfo token = created.token();
                output.note("%s %s (%s); the secret above is shown once", admin ? "admin token" : "token",
                        token.id() + (admin ? "" : " for namespace " + token.namespace()),
                        String.join(",", token.scopes()));
            }
            return 0;
        }

        private CreatedToken createInDatabase(List<String> names) throws UsageException {
            Set<TokenRecord.Scope> parsed = EnumSet.noneOf(TokenRecord.Scope.class);
            try {
                names.forEach(scope -> parsed.add(TokenRecord.Scope.parse(scope)));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            try (JdbcBrickStore store = target.openStore()) {
                Tokens tokens = new Tokens(store);
                Tokens.Created created = admin ? tokens.createAdmin(description)
                        : tokens.create(namespace, parsed, description);
                return new CreatedToken(Documents.tokenInfo(created.token()), created.secret());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    /** {@code brick registry token list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        TokenTarget target;
        @Mixin
        OutputOptions output;
        @Option(names = "--namespace", description = "Only this namespace's tokens.")
        String namespace;

        @Override
        public Integer call() throws Exception {
            List<TokenInfo> tokens;
            if (target.remote()) {
                tokens = target.client(output).tokens(namespace).items();
            } else {
                try (JdbcBrickStore store = target.openStore()) {
                    tokens = store.tokens(namespace).stream().map(Documents::tokenInfo).toList();
                }
            }
            if (output.json()) {
                output.printJson(new TokenList(tokens));
                return 0;
            }
            PrintWriter out = output.out();
            out.printf("%-14s %-20s %-14s %-26s %s%n", "ID", "NAMESPACE", "SCOPES", "CREATED", "STATE");
            for (TokenInfo token : tokens) {
                out.printf("%-14s %-20s %-14s %-26s %s%n", token.id(), token.admin() ? "-" : token.namespace(),
                        String.join(",", token.scopes()), token.createdAt(),
                        token.revokedAt() != null ? "revoked " + token.revokedAt() : "active");
            }
            out.flush();
            return 0;
        }
    }

    /** {@code brick registry token revoke ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token at once: its next request is refused.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        TokenTarget target;
        @Mixin
        OutputOptions output;
        @Parameters(paramLabel = "ID", description = "The token's id, as 'token list' shows it.")
        String id;

        @Override
        public Integer call() throws Exception {
            TokenInfo revoked;
            if (target.remote()) {
                revoked = target.client(output).revokeToken(id);
            } else {
                try (JdbcBrickStore store = target.openStore()) {
                    revoked = Documents.tokenInfo(new Tokens(store).revoke(id));
                } catch (TokenNotFoundException e) {
                    throw new BrickNotFoundException(e.getMessage());
                } catch (TokenRevokedException e) {
                    throw new BrickConflictException(e.getMessage());
                }
            }
            if (output.json()) {
                output.printJson(revoked);
            } else {
                output.result("revoked %s", revoked.id());
            }
            return 0;
        }
    }
}
