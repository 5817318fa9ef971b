package dev.brickyard.dist.host;

import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.config.HostCredentials;
import dev.brickyard.dist.LimitsOptions;
import dev.brickyard.dist.PrecisionOptions;
import dev.brickyard.dist.Sizes;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.access.HostTokens;
import dev.brickyard.host.http.HostAccess;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.host.registry.BrickLock;
import dev.brickyard.host.registry.RegistryFollower;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.host.trust.TrustPolicy;
import dev.brickyard.host.trust.TrustPolicyException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.server.ServerLimits;
import dev.brickyard.http.server.ServerLogging;
import dev.brickyard.http.server.ServerTls;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
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
    private final CliEnvironment environment;

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
            + "signatures are not acted on).")
    Path trust;

    @Option(names = "--bricks", paramLabel = "LOCKFILE", description = "Run exactly the bricks this lock file pins "
            + "(id, version, digest; brick host lock writes one): at start the host installs or swaps to them from "
            + "--registry, refusing a version whose registry digest is not the pinned one, and removes any other.")
    Path lockFile;

    @Option(names = "--brick-memory", paramLabel = "SIZE", description = "Most bytes of brick weights to hold, "
            + "e.g. 512m or 2g; past it installs are refused (default: no limit).")
    String brickMemory;

    @Mixin
    PrecisionOptions precision;

    @Option(names = "--max-upload", defaultValue = "64m", paramLabel = "SIZE",
            description = "Largest bundle accepted as an upload, e.g. 512k, 64m, 1g (default: ${DEFAULT-VALUE}).")
    String maxUpload;

    @Mixin
    LimitsOptions limits;

    @Option(names = "--storage", paramLabel = "DIR", description = "Folder for the host's state: the installed "
            + "bricks, their rollback history and their bundles, saved on every change and restored at start "
            + "(default: a temporary folder, deleted at exit, so the host starts empty).")
    Path storage;

    @Option(names = "--tokens", paramLabel = "FILE", description = "The host's token file (default: "
            + HostTokens.FILE_NAME + " in --storage; without --storage, one in a temporary folder). When it holds no "
            + "token, the host makes an admin token, prints it once and stores it for your brick host commands.")
    Path tokens;

    @Option(names = "--no-auth", description = "Serve without tokens: anyone who reaches the port may install and "
            + "remove bricks. Only with a loopback --address.")
    boolean noAuth;

    @Option(names = "--allowed-host", paramLabel = "NAME", description = "A name clients reach the host by, e.g. "
            + "host.example; repeatable. IP addresses and localhost are always allowed; requests naming anything "
            + "else in Host or Origin are refused (DNS rebinding).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with the certificate and key "
            + "in this PKCS#12 keystore.")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "A file holding the keystore's "
            + "password (default: BRICKYARD_TLS_PASSWORD).")
    Path tlsPasswordFile;

    @Option(names = "--registry-token-file", paramLabel = "FILE", description = "A file holding the registry token "
            + "the host sends, for a registry that requires one to read (default: BRICKYARD_REGISTRY_TOKEN).")
    Path registryTokenFile;

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

    public HostServeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if ((!install.isEmpty() || !follow.isEmpty() || lockFile != null) && registry == null) {
            throw new UsageException("--install, --follow and --bricks need --registry");
        }
        BrickLock lock = null;
        if (lockFile != null) {
            try {
                lock = BrickLock.read(lockFile);
            } catch (MalformedBrickException | NoSuchFileException e) {
                throw new UsageException("--bricks: " + (e instanceof NoSuchFileException ? "no lock file at "
                        + lockFile : e.getMessage()));
            }
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
            options = new HostOptions(precision.variant(spec.commandLine().getErr()), storage, memory, maxBatch,
                    maxWaitMicros, spinThreads, graph, trustPolicy, precision.mismatch());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        HostAccess access = access();
        ServerLogging.configure();
        RegistryClient source = registry == null ? null : new RegistryClient(registry, registryToken(), line -> { });
        ServerLimits serverLimits;
        try {
            serverLimits = limits.limits().withMaxUploadBytes(Sizes.parse(maxUpload));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--max-upload: " + e.getMessage());
        }
        HostServer server = HostServer.start(BrickHost.open(options), address, port, source, serverLimits, access);
        RegistryFollower follower = null;
        try {
            PrintWriter out = spec.commandLine().getOut();
            firstAdminToken(access, server.uri(), out);
            if (lock != null) {
                for (String line : lock.apply(server.host(), new RegistryInstaller(server.host(), source))) {
                    out.println(line);
                }
            }
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
            out.println("  openai:   POST " + server.uri().resolve("v1/embeddings") + ", GET "
                    + server.uri().resolve("v1/models"));
            out.println("  kserve:   " + server.uri().resolve("v2") + " (Open Inference Protocol: models, infer, "
                    + "repository)");
            out.println("  bricks:   " + server.uri().resolve("v1/bricks"));
            out.println("  metrics:  " + server.uri().resolve("metrics"));
            out.println("  tokens:   " + (access.authenticated() ? access.tokens().file()
                    + " (brick host token create --tokens " + access.tokens().file() + ")" : "none: --no-auth"));
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

    /** The tokens, names and TLS the options ask for. */
    private HostAccess access() throws Exception {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new UsageException("--address: cannot resolve '" + address + "'");
        }
        if (noAuth && (!loopback || tokens != null)) {
            throw new UsageException(tokens != null ? "--no-auth and --tokens exclude each other"
                    : "--no-auth serves without tokens, so only on a loopback --address (127.0.0.1, ::1); anything "
                    + "else can be reached from other machines");
        }
        for (String name : allowedHosts) {
            if (!name.strip().matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                throw new UsageException("--allowed-host: '" + name + "' is not a host name");
            }
        }
        HostTokens hostTokens = null;
        if (!noAuth) {
            Path file = tokens != null ? tokens : storage != null ? storage.resolve(HostTokens.FILE_NAME)
                    : Files.createTempDirectory("brickyard-host-tokens-").resolve(HostTokens.FILE_NAME);
            if (tokens == null && storage == null) {
                file.getParent().toFile().deleteOnExit();
                file.toFile().deleteOnExit();
            }
            hostTokens = HostTokens.open(file);
        }
        SSLContext tls = null;
        if (tlsKeystore != null) {
            try {
                tls = ServerTls.fromPkcs12(tlsKeystore, tlsPassword());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--tls-keystore: " + e.getMessage());
            }
        } else if (tlsPasswordFile != null) {
            throw new UsageException("--tls-password-file needs --tls-keystore");
        }
        return new HostAccess(hostTokens, new HashSet<>(allowedHosts), tls);
    }

    private char[] tlsPassword() throws Exception {
        if (tlsPasswordFile != null) {
            return secretIn(tlsPasswordFile, "--tls-password-file").toCharArray();
        }
        String variable = environment.variable("BRICKYARD_TLS_PASSWORD");
        return variable == null ? new char[0] : variable.toCharArray();
    }

    private String registryToken() throws Exception {
        if (registryTokenFile != null) {
            return secretIn(registryTokenFile, "--registry-token-file");
        }
        String variable = environment.variable("BRICKYARD_REGISTRY_TOKEN");
        return variable == null || variable.isBlank() ? null : variable.strip();
    }

    private static String secretIn(Path file, String option) throws Exception {
        try {
            String secret = Files.readString(file).strip();
            if (secret.isEmpty()) {
                throw new UsageException(option + ": " + file + " is empty");
            }
            return secret;
        } catch (NoSuchFileException e) {
            throw new UsageException(option + ": no file at " + file);
        }
    }

    /**
     * At a host's first start (its token file holds no token), makes an admin token, prints it once and stores it
     * for this user's {@code brick host} commands, so that they work against this host with no token option.
     */
    private void firstAdminToken(HostAccess access, URI uri, PrintWriter out) throws Exception {
        if (!access.authenticated() || !access.tokens().isEmpty()) {
            return;
        }
        HostTokens.Created created = access.tokens().create(EnumSet.of(HostScope.ADMIN), "made at first start");
        HostCredentials.load(environment.configDirectory()).store(uri, created.secret());
        out.println("admin token " + created.token().id() + " (shown once; stored in ~/.config/brickyard/"
                + HostCredentials.FILE_NAME + " for your brick host commands):");
        out.println("  " + created.secret());
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
