package dev.brickyard.cli.host;

import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.config.HostCredentials;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.ClientTls;
import dev.brickyard.http.client.HostClient;
import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/**
 * {@code --host URL} and the host's credentials, shared by the commands that talk to a running host. The host comes
 * from the option, else {@code BRICKYARD_HOST}, else {@value #DEFAULT_HOST} (the default port of
 * {@code brick host serve}); its token from {@code --token-file}, else {@code BRICKYARD_HOST_TOKEN}, else the token
 * {@code brick host serve} stored for that URL at the host's first start ({@link HostCredentials}).
 */
public final class HostAddressOptions {
    /** The host to use when neither {@code --host} nor {@code BRICKYARD_HOST} names one. */
    public static final String DEFAULT_HOST = "http://localhost:8081";

    private final CliEnvironment environment;

    @Option(names = "--host", paramLabel = "URL",
            description = "The running host (default: BRICKYARD_HOST, else " + DEFAULT_HOST + ").")
    String host;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the host token to send "
            + "(default: BRICKYARD_HOST_TOKEN, else the token brick host serve stored for this host).")
    Path tokenFile;

    @Option(names = "--cacert", paramLabel = "PEM", description = "Trust the host's HTTPS certificate in this PEM "
            + "file (its own self-signed one or its CA's; default: BRICKYARD_HOST_CACERT, else the JDK's CAs).")
    Path caCertificate;

    public HostAddressOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    /** A client for the chosen host with its token, tracing to {@code --verbose}. */
    public HostClient client(OutputOptions output) throws InvalidInputException, IOException {
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
        String caVariable = environment.variable("BRICKYARD_HOST_CACERT");
        Path ca = caCertificate != null ? caCertificate : caVariable != null ? Path.of(caVariable) : null;
        SSLContext tls;
        try {
            tls = ca == null ? null : ClientTls.trusting(ca);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--cacert: " + e.getMessage());
        }
        return new HostClient(uri, token(uri), tls, output.trace());
    }

    private String token(URI uri) throws IOException, InvalidInputException {
        if (tokenFile != null) {
            try {
                String token = Files.readString(tokenFile).strip();
                if (token.isEmpty()) {
                    throw new UsageException("--token-file: " + tokenFile + " is empty");
                }
                return token;
            } catch (NoSuchFileException e) {
                throw new UsageException("--token-file: no file at " + tokenFile);
            }
        }
        String variable = environment.variable("BRICKYARD_HOST_TOKEN");
        if (variable != null && !variable.isBlank()) {
            return variable.strip();
        }
        return HostCredentials.load(environment.configDirectory()).token(uri).orElse(null);
    }
}
