package dev.brickyard.dist.host;

import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.JsonOption;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.access.HostTokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brick host token}: administers a host's tokens in its token file, where the host's data is. A running host
 * rereads the file when it changes: a new token works, and a revoked one stops working, at its next request.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke a host's tokens (a running host picks changes up at once).",
                "Scopes: infer (answers, activations, the brick list, metrics) and admin (install, swap, roll back, "
                        + "remove; and everything infer may)."},
        subcommands = {HostTokenCommand.Create.class, HostTokenCommand.ListTokens.class,
                HostTokenCommand.Revoke.class})
public final class HostTokenCommand {

    /** Where the token file is: the host's storage folder, or the file itself. */
    static final class TokenFileOptions {
        @Option(names = "--storage", paramLabel = "DIR", required = true,
                description = "The host's storage folder (its token file is DIR/" + HostTokens.FILE_NAME + ").")
        Path storage;

        @Option(names = "--tokens", paramLabel = "FILE", required = true,
                description = "The host's token file, as given to brick host serve --tokens.")
        Path file;

        HostTokens open() throws Exception {
            return HostTokens.open(file != null ? file : storage.resolve(HostTokens.FILE_NAME));
        }
    }

    /** {@code brick host token create --storage DIR --scope infer}: prints the secret once. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token and print its secret (shown only this once).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ArgGroup(multiplicity = "1")
        TokenFileOptions where;
        @Option(names = "--scope", split = ",", defaultValue = "infer",
                description = "infer, admin or both (default: ${DEFAULT-VALUE}).")
        List<String> scopes;
        @Option(names = "--description", defaultValue = "", description = "A note to recognise the token by.")
        String description;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            Set<HostScope> parsed = EnumSet.noneOf(HostScope.class);
            HostTokens.Created created;
            try {
                scopes.forEach(scope -> parsed.add(HostScope.parse(scope)));
                created = where.open().create(parsed, description);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (json.json()) {
                json.print(new CreatedToken(described(created.token()), created.secret(),
                        where.open().file().toString()));
                return 0;
            }
            spec.commandLine().getOut().println(created.secret());
            spec.commandLine().getErr().printf("token %s (%s) in %s; the secret above is shown once%n",
                    created.token().id(), scopes(created.token()), where.open().file());
            return 0;
        }
    }

    /** {@code brick host token list --storage DIR}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a host's tokens (never secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ArgGroup(multiplicity = "1")
        TokenFileOptions where;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            if (json.json()) {
                json.print(Map.of("items", where.open().list().stream().map(HostTokenCommand::described).toList()));
                return 0;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-14s %-12s %-26s %-34s %s%n", "ID", "SCOPES", "CREATED", "STATE", "DESCRIPTION");
            for (HostTokens.Token token : where.open().list()) {
                out.printf("%-14s %-12s %-26s %-34s %s%n", token.id(), scopes(token), token.createdAt(),
                        token.revoked() ? "revoked " + token.revokedAt() : "active", token.description());
            }
            return 0;
        }
    }

    /** {@code brick host token revoke --storage DIR ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token; a running host refuses it from its next request on.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ArgGroup(multiplicity = "1")
        TokenFileOptions where;
        @Parameters(paramLabel = "ID", description = "The token's id, as 'brick host token list' shows it.")
        String id;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            try {
                where.open().revoke(id);
            } catch (IllegalArgumentException e) {
                throw new BrickNotFoundException(e.getMessage());
            }
            if (json.json()) {
                json.print(where.open().list().stream().filter(token -> token.id().equals(id))
                        .map(HostTokenCommand::described).findFirst().orElseThrow());
                return 0;
            }
            spec.commandLine().getOut().println("revoked " + id);
            return 0;
        }
    }

    /** A token as {@code --json} shows it: never its secret's hash. */
    record TokenDescription(String id, List<String> scopes, String description, String createdAt, String revokedAt) {
    }

    /** What {@code create --json} prints: the token and its secret, shown only this once. */
    record CreatedToken(TokenDescription token, String secret, String file) {
    }

    private static TokenDescription described(HostTokens.Token token) {
        return new TokenDescription(token.id(), token.scopes().stream().map(HostScope::jsonName).sorted().toList(),
                token.description(), token.createdAt().toString(),
                token.revokedAt() == null ? null : token.revokedAt().toString());
    }

    private static String scopes(HostTokens.Token token) {
        return String.join(",", described(token).scopes());
    }
}
