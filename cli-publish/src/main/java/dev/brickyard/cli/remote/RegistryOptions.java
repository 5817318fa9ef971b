package dev.brickyard.cli.remote;

import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.config.Credentials;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.RegistryAuthException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --registry}, shared by the commands that talk to a registry, and where the registry and token come from:
 * the option, else {@code BRICKYARD_REGISTRY}, else the registry of the last {@code brick login}, else
 * {@value CliEnvironment#DEFAULT_REGISTRY}. A namespace's token comes from {@code BRICKYARD_TOKEN}, else the one
 * {@code brick login} stored for that registry and namespace; an admin token from {@code --token}, else
 * {@code BRICKYARD_ADMIN_TOKEN}, else the admin token stored for that registry. Reads send no token.
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

    /** The options of a command that names its registry with an option of its own. */
    public RegistryOptions(CliEnvironment environment, String registry) {
        this.environment = environment;
        this.registry = registry;
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

    /**
     * A client for the chosen registry that reads. Reads need no token, except on a registry started with
     * {@code --private}, which takes any valid token of its own: the client sends {@code BRICKYARD_TOKEN}, else a
     * token stored for this registry (of a namespace, else an admin one), else none.
     */
    public RegistryClient client(OutputOptions output) throws IOException, InvalidInputException {
        Credentials credentials = credentials(output);
        String url = registry(credentials);
        String token = environmentToken("BRICKYARD_TOKEN");
        if (token == null) {
            token = credentials.namespaces(url).stream().map(namespace -> credentials.token(url, namespace))
                    .flatMap(Optional::stream).findFirst()
                    .or(() -> credentials.unfiledToken(url)).or(() -> credentials.adminToken(url)).orElse(null);
        }
        return new RegistryClient(URI.create(url), token, output.trace());
    }

    /**
     * A client for the chosen registry with the token for {@code namespace}.
     *
     * @throws RegistryAuthException when there is none, before anything is sent
     */
    public RegistryClient client(OutputOptions output, String namespace)
            throws IOException, InvalidInputException, RegistryAuthException {
        Credentials credentials = credentials(output);
        String url = registry(credentials);
        String token = environmentToken("BRICKYARD_TOKEN");
        if (token == null) {
            token = credentials.token(url, namespace).orElseThrow(() -> new RegistryAuthException("no token for "
                    + "namespace " + namespace + " at " + url + ": run 'brick login --registry " + url + "' with a "
                    + "token of " + namespace + ", or set BRICKYARD_TOKEN"));
        }
        return new RegistryClient(URI.create(url), token, output.trace());
    }

    /**
     * A client for the chosen registry with an admin token: {@code tokenOption} if given, else
     * {@code BRICKYARD_ADMIN_TOKEN}, else the one stored by {@code brick login}.
     *
     * @throws RegistryAuthException when there is none, before anything is sent
     */
    public RegistryClient adminClient(OutputOptions output, String tokenOption)
            throws IOException, InvalidInputException, RegistryAuthException {
        Credentials credentials = credentials(output);
        String url = registry(credentials);
        String token = tokenOption != null ? tokenOption.strip() : environmentToken("BRICKYARD_ADMIN_TOKEN");
        if (token == null) {
            token = credentials.adminToken(url).orElseThrow(() -> new RegistryAuthException("no admin token for "
                    + url + ": set BRICKYARD_ADMIN_TOKEN, or run 'brick login --registry " + url + "' with an admin "
                    + "token (see 'brick registry token create --help' for the first one)"));
        }
        return new RegistryClient(URI.create(url), token, output.trace());
    }

    private String environmentToken(String name) {
        String value = environment.variable(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
