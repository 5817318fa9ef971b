package dev.brickyard.dist.registry;

import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.cli.UsageException;
import dev.brickyard.dist.LimitsOptions;
import dev.brickyard.dist.PrecisionOptions;
import dev.brickyard.dist.Sizes;
import dev.brickyard.http.server.ServerLimits;
import dev.brickyard.http.server.ServerLogging;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.auth.AdminTokenFile;
import dev.brickyard.registry.store.TokenRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brick registry serve}: runs the registry until Ctrl-C, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run a registry: REST API, web pages, OSGi index and event stream.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    LimitsOptions limits;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"--address", "--host"}, defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Interface to listen on; 0.0.0.0 for all (default: ${DEFAULT-VALUE}). --host is its old, "
                    + "deprecated name.")
    String host;

    @Option(names = "--max-upload", defaultValue = "64m", paramLabel = "SIZE",
            description = "Largest bundle accepted, e.g. 512k, 64m, 1g (default: ${DEFAULT-VALUE}).")
    String maxUpload;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "Where clients reach the registry, e.g. https://bricks.example.org/ behind a reverse proxy: "
                    + "every link it writes starts with it (default: the address it listens on; the request's Host "
                    + "header is never used).")
    String publicUrl;

    @Option(names = "--search-rate", defaultValue = "50", paramLabel = "N",
            description = "Searches (API and web page) per second one client (an IPv4 address, an IPv6 /64) may make, "
                    + "with bursts of twice as many; past it 429 with Retry-After; 0 for no limit "
                    + "(default: ${DEFAULT-VALUE}).")
    int searchRate;

    @Option(names = "--private", description = "Answer reads too only with a token of this registry (any scope; "
            + "browsers send it as the Basic password); the health checks stay open.")
    boolean privateReads;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS",
            description = "IP address of a reverse proxy in front of the registry (repeatable): the X-Forwarded-For "
                    + "entries it adds say which client a download counts for (default: none; the header is ignored).")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--precision", defaultValue = "int8", paramLabel = "fp32|int8",
            converter = PrecisionOptions.VariantConverter.class,
            description = "Which build of the base model embeds search queries: int8 answers a new query in about a "
                    + "third of the time; fp32 is the model the bricks' embeddings come from, so its rankings are "
                    + "those of earlier versions (default: ${DEFAULT-VALUE}; see docs/registry-api.md). Uploads are "
                    + "always checked on fp32, the build bricks are trained on.")
    BaseModelVariant queryPrecision;

    @Option(names = "--query-precision", hidden = true, paramLabel = "fp32|int8",
            converter = PrecisionOptions.VariantConverter.class, description = "Old name of --precision.")
    BaseModelVariant oldQueryPrecision;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "When the database has no valid admin token, make one at start and write its secret to FILE "
                    + "(mode 0600); with one, leave FILE alone. Admin tokens manage tokens over the API while the "
                    + "registry serves ('brick registry token --registry URL').")
    Path adminTokenFile;

    @Override
    public Integer call() throws Exception {
        ServerLimits serverLimits;
        try {
            serverLimits = limits.limits().withClientRate(searchRate);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--search-rate: " + e.getMessage());
        }
        RegistryConfig config = database.config(host, port, Sizes.parse(maxUpload)).withLimits(serverLimits);
        try {
            config = config.withPublicUrl(publicUrl == null ? null : RegistryConfig.publicUrl(publicUrl));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--public-url: " + e.getMessage());
        }
        try {
            config = config.withTrustedProxies(trustedProxies.stream().map(RegistryConfig::trustedProxy)
                    .collect(Collectors.toSet()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--trusted-proxy: " + e.getMessage());
        }
        if (oldQueryPrecision != null) {
            spec.commandLine().getErr().println("warning: --query-precision is deprecated; use --precision");
            queryPrecision = oldQueryPrecision;
        }
        config = config.withPrivateReads(privateReads).withQueryModel(queryPrecision);
        ServerLogging.configure();
        RegistryServer server = RegistryServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "registry-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        if (adminTokenFile != null) {
            Optional<TokenRecord> made = AdminTokenFile.bootstrap(server.registry().tokens(), adminTokenFile);
            out.println(made.map(token -> "admin token " + token.id() + " made; its secret is in " + adminTokenFile
                    + " (mode 0600)").orElse("an admin token exists already; " + adminTokenFile + " left as it is"));
        }
        out.println("registry listening at " + server.uri() + " (Ctrl-C to stop)"
                + (config.publicUrl() == null ? "" : "; public URL " + config.publicUrl()));
        out.println("  web:      " + server.uri());
        out.println("  API:      " + server.uri().resolve("v1/bricks"));
        out.println("  events:   " + server.uri().resolve("v1/events"));
        out.println("  metrics:  " + server.uri().resolve("metrics"));
        out.flush();
        stopped.await();
        return 0;
    }
}
