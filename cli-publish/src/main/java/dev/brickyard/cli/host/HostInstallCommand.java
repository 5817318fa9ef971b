package dev.brickyard.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.cache.BrickCache;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.remote.RegistryOptions;
import dev.brickyard.http.client.HostClient;
import dev.brickyard.http.registry.ResolvedVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick host install REF|JAR}: installs a brick on a running host, from the host's registry by reference or
 * from a bundle file uploaded to it, or ({@code --offline}) resolved from the user's cache of pulled bundles and
 * uploaded from there.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Install a brick on a running host while it serves.",
                "A path to a bundle file uploads that bundle; anything else is a registry reference "
                        + "(acme/sentiment, acme/sentiment@1.2.0, acme/sentiment@^1.2) that the host resolves "
                        + "and downloads from its own registry (brick host serve --registry); with --offline the "
                        + "reference is resolved from this computer's cache of pulled bundles and the bundle "
                        + "uploaded."})
public final class HostInstallCommand implements Callable<Integer> {
    @Mixin
    HostAddressOptions host;

    @Mixin
    OutputOptions output;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "REF|JAR", description = "A registry reference or a bundle file.")
    String target;

    @Option(names = "--offline", description = "Resolve REF from this computer's cache of pulled bundles (the one of "
            + "--registry) and upload the cached bundle, instead of letting the host download it.")
    boolean offline;

    private final CliEnvironment environment;

    public HostInstallCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        BrickArgument argument = BrickArgument.parse(target);
        if (offline && argument.bundle() != null) {
            throw new UsageException("--offline resolves a reference from the cache; " + target + " is a bundle file, "
                    + "which is uploaded anyway");
        }
        HostClient client = host.client(output);
        JsonNode installed;
        if (argument.bundle() != null) {
            installed = client.install(argument.bundle());
        } else if (offline) {
            BrickCache cache = new BrickCache(environment.cacheDirectory());
            ResolvedVersion resolved = cache.resolveOffline(registry.client(output).base(), argument.reference());
            installed = client.install(cache.blobPath(resolved.digest()));
        } else {
            installed = client.install(argument.reference().toString());
        }
        if (output.json()) {
            output.printJson(installed);
        } else {
            String labels = installed.path("labels").isEmpty() ? ""
                    : "; labels " + HostListCommand.labels(installed.path("labels"));
            output.result("installed %s@%s on %s (%s%s; %s of weights)", installed.path("id").asText(),
                    installed.path("version").asText(), client.base(), installed.path("kind").asText(), labels,
                    HostListCommand.memory(installed.path("weightBytes").asLong()));
        }
        if (HostListCommand.precisionWarns(installed.path("precision"))) {
            output.note("warning: the host serves %s", HostListCommand.precision(installed.path("precision"))
                    + (installed.path("precision").path("verdict").asText().equals("changes-answers")
                    ? ": its card shows this build changes some of the brick's answers" : ""));
        }
        return 0;
    }
}
