package dev.brickyard.cli.remote;

import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.config.Credentials;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/**
 * {@code --registry}, shared by the commands that talk to a registry, and where the registry and token come from:
 * the option, else {@code BRICKYARD_REGISTRY}, else the registry of the last {@code brick login}, else
 * {@value CliEnvironment#DEFAULT_REGISTRY}; the token from {@code BRICKYARD_TOKEN}, else the one stored by
 * {@code brick login} for that registry.
 */
public final class RegistryOptions {
    private final CliEnvironment environment;

    @Option(names = "--registry", paramLabel = "URL",
            description = "The registry (default: BRICKYARD_REGISTRY, else the last 'brick login', else "
                    + CliEnvironment.DEFAULT_REGISTRY + ").")
    String registry;

    public RegistryOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    /** The stored credentials, after warning on {@code output} when others may read them. */
    Credentials credentials(OutputOptions output) throws IOException, InvalidInputException {
        Credentials credentials = Credentials.load(environment.configDirectory());
        credentials.permissionWarning().ifPresent(warning -> output.note("warning: %s", warning));
        return credentials;
    }

    /** The registry's URL, checked. */
    String registry(Credentials credentials) throws InvalidInputException {
        String chosen = registry != null ? registry
                : environment.variable("BRICKYARD_REGISTRY") != null ? environment.variable("BRICKYARD_REGISTRY")
                : credentials.defaultRegistry().orElse(CliEnvironment.DEFAULT_REGISTRY);
        try {
            URI uri = new URI(chosen.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(chosen, "not an http or https URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new UsageException("registry '" + chosen + "' is not an http(s) URL such as "
                    + CliEnvironment.DEFAULT_REGISTRY);
        }
        return Credentials.normalise(chosen);
    }

    /** A client for the chosen registry with the token for it, if any. */
    public RegistryClient client(OutputOptions output) throws IOException, InvalidInputException {
        Credentials credentials = credentials(output);
        String url = registry(credentials);
        String token = environment.variable("BRICKYARD_TOKEN") != null ? environment.variable("BRICKYARD_TOKEN").strip()
                : credentials.token(url).orElse(null);
        return new RegistryClient(URI.create(url), token, output.trace());
    }
}
