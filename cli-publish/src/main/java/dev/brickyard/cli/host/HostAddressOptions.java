package dev.brickyard.cli.host;

import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.HostClient;
import dev.brickyard.tools.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/**
 * {@code --host URL}, shared by the commands that talk to a running host, and where the host comes from: the
 * option, else {@code BRICKYARD_HOST}, else {@value #DEFAULT_HOST} (the default port of {@code brick host serve}).
 */
public final class HostAddressOptions {
    /** The host to use when neither {@code --host} nor {@code BRICKYARD_HOST} names one. */
    public static final String DEFAULT_HOST = "http://localhost:8081";

    private final CliEnvironment environment;

    @Option(names = "--host", paramLabel = "URL",
            description = "The running host (default: BRICKYARD_HOST, else " + DEFAULT_HOST + ").")
    String host;

    public HostAddressOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    /** A client for the chosen host, tracing to {@code --verbose}. */
    HostClient client(OutputOptions output) throws InvalidInputException {
        String chosen = (host != null ? host : environment.variable("BRICKYARD_HOST") != null
                ? environment.variable("BRICKYARD_HOST") : DEFAULT_HOST).strip();
        URI uri;
        try {
            uri = new URI(chosen);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(chosen, "not an http or https URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new UsageException("host '" + chosen + "' is not an http(s) URL such as " + DEFAULT_HOST);
        }
        return new HostClient(uri, output.trace());
    }
}
