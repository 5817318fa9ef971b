package dev.brickyard.cli.remote;

import dev.brickyard.api.BrickException;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.config.Credentials;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.RegistryAuthException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.registry.TokenInfo;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code brick login}: checks a token with the registry ({@code GET /v1/token}) and only then stores it, readable
 * by the user alone, as the token of its namespace (or as the registry's admin token), next to the tokens of other
 * namespaces. The registry becomes the default for later commands. A token stored by an earlier version without its
 * namespace is filed under its namespace on the way.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Store a token for a registry, after checking it with the registry.",
                "One token is kept per registry and namespace: logging in with a token of another namespace adds it, "
                        + "and 'brick publish' and 'brick yank' use the token of the brick's namespace. An admin token "
                        + "is kept as the registry's admin token, for 'brick registry token --registry URL'.",
                "Without TOKEN the token is read from standard input (a hidden prompt on a terminal), which keeps it "
                        + "out of the shell history. Create tokens with 'brick registry token create'."})
public final class LoginCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN", description = "The token (bky_...).")
    String token;

    public LoginCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        Credentials credentials = registry.credentials(output);
        String url = registry.registry(credentials);
        String secret = token != null ? token.strip() : readToken(url);
        if (secret.isEmpty()) {
            throw new UsageException("no token given: pass it as an argument or on standard input");
        }
        TokenInfo info = new RegistryClient(URI.create(url), secret, output.trace()).token();
        Credentials saved = fileUnfiledToken(credentials, url, secret);
        saved = info.admin() ? saved.withAdminToken(url, secret) : saved.withToken(url, info.namespace(), secret);
        saved.save();
        if (output.json()) {
            output.printJson(new LoggedIn(url, info, saved.file().toString()));
        } else {
            output.result("logged in to %s with token %s %s (%s)", url, info.id(),
                    info.admin() ? "as admin" : "of namespace " + info.namespace(), String.join(", ", info.scopes()));
            output.note("token stored in %s", saved.file());
        }
        return 0;
    }

    /**
     * The credentials with the token an earlier version stored without its namespace filed under it, after asking
     * the registry whose it is; dropped when the registry no longer accepts it; kept as it is when the registry
     * cannot tell (unreachable, another error).
     */
    private Credentials fileUnfiledToken(Credentials credentials, String url, String secret) {
        String unfiled = credentials.unfiledToken(url).orElse(null);
        if (unfiled == null || unfiled.equals(secret)) {
            return unfiled == null ? credentials : credentials.withoutUnfiledToken(url);
        }
        try {
            TokenInfo info = new RegistryClient(URI.create(url), unfiled, output.trace()).token();
            Credentials filed = credentials.withoutUnfiledToken(url);
            output.note("filed the token stored earlier (%s) under %s", info.id(),
                    info.admin() ? "admin" : "namespace " + info.namespace());
            return info.admin() ? filed.withAdminToken(url, unfiled) : filed.withToken(url, info.namespace(), unfiled);
        } catch (RegistryAuthException e) {
            output.note("dropped the token stored earlier: the registry refuses it (%s)", e.getMessage());
            return credentials.withoutUnfiledToken(url);
        } catch (IOException | BrickException e) {
            return credentials;
        }
    }

    /** The {@code --json} answer. */
    record LoggedIn(String registry, TokenInfo token, String credentials) {
    }

    private String readToken(String url) throws IOException {
        Console console = System.console();
        if (environment.terminal() && console != null) {
            char[] typed = console.readPassword("Paste a token for %s (input hidden): ", url);
            return typed == null ? "" : new String(typed);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(environment.input(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        return line == null ? "" : line.strip();
    }
}
