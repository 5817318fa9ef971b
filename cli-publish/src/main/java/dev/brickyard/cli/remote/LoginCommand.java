package dev.brickyard.cli.remote;

import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.config.Credentials;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.registry.TokenInfo;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code brick login}: checks a token with the registry ({@code GET /v1/token}) and only then stores it, readable
 * by the user alone. The registry becomes the default for later commands.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Store a publishing token for a registry, after checking it with the registry.",
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
        Credentials saved = credentials.withToken(url, secret);
        saved.save();
        if (output.json()) {
            output.printJson(new LoggedIn(url, info, saved.file().toString()));
        } else {
            output.result("logged in to %s with token %s of namespace %s (%s)", url, info.id(), info.namespace(),
                    String.join(", ", info.scopes()));
            output.note("token stored in %s", saved.file());
        }
        return 0;
    }

    /** The {@code --json} answer. */
    record LoggedIn(String registry, TokenInfo token, String credentials) {
    }

    private String readToken(String url) throws java.io.IOException {
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
