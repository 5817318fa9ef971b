package dev.brickyard.dist.host;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.cli.UsageException;
import dev.brickyard.dist.LimitsOptions;
import dev.brickyard.dist.Sizes;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.host.registry.RegistryFollower;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.host.trust.TrustPolicy;
import dev.brickyard.host.trust.TrustPolicyException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.server.ServerLimits;
import dev.brickyard.http.server.ServerLogging;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brick host serve}: a base model with hot-swappable bricks behind an HTTP API, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a host: the base model plus bricks you install, swap and remove while it serves "
                + "POST /v1/infer.",
                "With --registry, bricks are installed by reference (brick host install acme/sentiment@^1); with "
                        + "--follow, the host moves to each new matching version the registry announces."})
public final class HostServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8081", description = "TCP port, 0 for any (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--address", defaultValue = "127.0.0.1",
            description = "Interface to listen on; 0.0.0.0 for all (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--registry", paramLabel = "URL", description = "Registry to install bricks from by reference.")
    URI registry;

    @Option(names = "--install", paramLabel = "REF", description = "Install this brick from the registry at start; "
            + "repeatable.")
    List<String> install = new ArrayList<>();

    @Option(names = "--follow", paramLabel = "PATTERN", description = "Follow the registry's events: 'acme/*@^1' "
            + "installs and moves to every new non-yanked version of a matching brick; repeatable. The namespace must "
            + "be named ('*/sentiment' is refused) unless the --trust policy sets \"allowWildcardFollow\": true.")
    List<String> follow = new ArrayList<>();

    @Option(names = "--trust", paramLabel = "FILE", description = "Trust policy (JSON): \"mode\" off, warn or "
            + "require; \"keys\": [{\"name\", \"fingerprint\" or \"publicKey\" (PEM), \"namespaces\": [\"acme\"]}]; "
            + "\"allowWildcardFollow\". Checked at every install, swap, follow and restore: under require, an "
            + "unsigned brick or one signed by a key not trusted for its namespace is refused (default: off, "
            + "signatures are not read).")
    Path trust;

    @Option(names = "--brick-memory", paramLabel = "SIZE", description = "Most bytes of brick weights to hold, "
            + "e.g. 512m or 2g; past it installs are refused (default: no limit).")
    String brickMemory;

    @Option(names = "--int8", description = "Run the 8-bit quantised base model (faster, slightly less exact).")
    boolean int8;

    @Option(names = "--max-upload", defaultValue = "64m", paramLabel = "SIZE",
            description = "Largest bundle accepted as an upload, e.g. 512k, 64m, 1g (default: ${DEFAULT-VALUE}).")
    String maxUpload;

    @Mixin
    LimitsOptions limits;

    @Option(names = "--storage", paramLabel = "DIR", description = "Folder for the host's state: the installed "
            + "bricks, their rollback history and their bundles, saved on every change and restored at start "
            + "(default: a temporary folder, deleted at exit, so the host starts empty).")
    Path storage;

    @Option(names = "--max-batch", defaultValue = "32", description = "Most texts embedded in one base-model run "
            + "for concurrent requests (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait", defaultValue = "2000", paramLabel = "MICROS", description = "How long a run may "
            + "wait for requests already arriving, in microseconds (default: ${DEFAULT-VALUE}).")
    long maxWaitMicros;

    @Option(names = "--spin-threads", description = "Let the base model's threads spin between runs: lower latency "
            + "for one request at a time, but it takes CPU from concurrent requests and swaps on small machines.")
    boolean spinThreads;

    @Option(names = "--lora-sites", defaultValue = "ffn_out", paramLabel = "LIST", description = "Weight matrices "
            + "adapters may change: all, none, or a comma list of sites (layer.5.ffn_out) and kinds (query, key, "
            + "value, attention_out, ffn_in, ffn_out: every layer's). Each site costs every run a little "
            + "(default: ${DEFAULT-VALUE}, where brick fit adapter puts its deltas).")
    String loraSites;

    @Option(names = "--no-neuron-masks", description = "Run without neuron masks and activation outputs: neuron "
            + "bricks and /v1/activations are then refused.")
    boolean noNeuronMasks;

    @Override
    public Integer call() throws Exception {
        if ((!install.isEmpty() || !follow.isEmpty()) && registry == null) {
            throw new UsageException("--install and --follow need --registry");
        }
        long memory;
        try {
            memory = brickMemory == null ? 0 : Sizes.parse(brickMemory);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--brick-memory: " + e.getMessage());
        }
        List<RegistryFollower.Pattern> patterns = new ArrayList<>();
        for (String pattern : follow) {
            try {
                patterns.add(RegistryFollower.Pattern.parse(pattern));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--follow: " + e.getMessage());
            }
        }
        TrustPolicy trustPolicy;
        try {
            trustPolicy = trust == null ? TrustPolicy.OFF : TrustPolicy.read(trust);
            RegistryFollower.requireNamedNamespaces(patterns, trustPolicy);
        } catch (TrustPolicyException e) {
            throw new UsageException("--trust: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--follow: " + e.getMessage());
        }
        GraphOptions graph;
        try {
            graph = new GraphOptions(LoraSite.parseList(loraSites), !noNeuronMasks, !noNeuronMasks);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--lora-sites: " + e.getMessage());
        }
        HostOptions options;
        try {
            options = new HostOptions(int8 ? BaseModelVariant.INT8 : BaseModelVariant.FP32, storage, memory, maxBatch,
                    maxWaitMicros, spinThreads, graph, trustPolicy);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ServerLogging.configure();
        RegistryClient source = registry == null ? null : new RegistryClient(registry);
        ServerLimits serverLimits;
        try {
            serverLimits = limits.limits().withMaxUploadBytes(Sizes.parse(maxUpload));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--max-upload: " + e.getMessage());
        }
        HostServer server = HostServer.start(BrickHost.open(options), address, port, source, serverLimits);
        RegistryFollower follower = null;
        try {
            PrintWriter out = spec.commandLine().getOut();
            List<InstalledBrick> restored = server.host().bricks();
            for (String reference : install) {
                Optional<InstalledBrick> kept = restored(restored, reference);
                out.println(kept.isPresent() ? "kept " + kept.get() + " (restored from " + storage + ")"
                        : "installed " + new RegistryInstaller(server.host(), source).install(reference));
            }
            if (!patterns.isEmpty()) {
                follower = RegistryFollower.start(server.host(), source, patterns,
                        line -> spec.commandLine().getOut().println(line));
            }
            out.println("host listening at " + server.uri() + " (Ctrl-C to stop)");
            out.println("  infer:    POST " + server.uri().resolve("v1/infer"));
            out.println("  bricks:   " + server.uri().resolve("v1/bricks"));
            out.println("  metrics:  " + server.uri().resolve("metrics"));
            if (trust != null) {
                out.println("  trust:    " + trustPolicy.mode().name().toLowerCase(Locale.ROOT) + " ("
                        + trust + ")");
            }
            out.flush();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        RegistryFollower running = follower;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (running != null) {
                running.close();
            }
            server.close();
            stopped.countDown();
        }, "host-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * The brick an {@code --install} reference names when the host restored it from {@code --storage}: it is kept as
     * it was saved, so a restart neither fails on it nor changes its version.
     */
    private static Optional<InstalledBrick> restored(List<InstalledBrick> restored, String reference) {
        BrickId id;
        try {
            id = BrickRef.parse(reference).id();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty(); // the installer refuses it, with the registry's reason
        }
        return restored.stream().filter(brick -> brick.id().equals(id)).findFirst();
    }
}
