package dev.brickyard.cli.remote;

import dev.brickyard.api.version.BrickRef;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.cache.BrickCache;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.http.registry.ResolvedVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick pull REF}: resolves a range or a dist-tag at the registry, and writes the bundle, from the user's
 * {@link BrickCache} when it has that digest, else downloaded into it first (kept only when its SHA-256 equals the
 * digest the registry published for that version). {@code --offline} resolves from the cache alone.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Download a brick bundle. REF is ns/name, ns/name@1.2.0, a range such as ns/name@^1.2 "
                + "(ranges skip yanked versions) or a dist-tag such as ns/name@stable or ns/name@latest.",
                "Bundles are kept in the cache ($XDG_CACHE_HOME/brickyard, default ~/.cache/brickyard) by SHA-256; "
                        + "a bundle the cache has is not downloaded again, and --offline resolves REF from the cache "
                        + "alone. The file is kept only if its SHA-256 matches the registry's digest."})
public final class PullCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "REF", description = "What to pull, e.g. acme/sentiment@^1.2.")
    String reference;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Folder to write the bundle to (default: the current folder)."
                    + " --output is its old, deprecated name.")
    Path folder;

    @Option(names = "--base", paramLabel = "MODEL", description = "Only versions built for this base model.")
    String base;

    @Option(names = "--offline", description = "Resolve and copy from the cache only; nothing is sent.")
    boolean offline;

    private final CliEnvironment environment;

    public PullCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    /** The {@code --json} answer. */
    record Pulled(String id, String version, String path, String digest, long size, boolean yanked,
                  boolean downloaded) {
    }

    @Override
    public Integer call() throws Exception {
        BrickRef ref = parse(reference);
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UsageException(folder + " is a file; -o names the folder to write the bundle to");
        }
        RegistryClient client = registry.client(output);
        BrickCache cache = new BrickCache(environment.cacheDirectory());
        ResolvedVersion resolved = cache.resolve(client, ref, base, offline);
        if (resolved.yanked()) {
            output.note("warning: %s@%s is yanked; pulled because %s", resolved.id(), resolved.version(),
                    ref.isTag() ? "tag '" + ref.tag() + "' still points at it" : "the exact version was asked for");
        }
        Path target = folder.resolve(resolved.id().replace('/', '.') + "-" + resolved.version() + ".jar");
        boolean write = !Files.isRegularFile(target) || !resolved.digest().equals(BrickCache.sha256(target));
        boolean downloaded = false;
        if (write) {
            try (TransferProgress progress = output.progress()) {
                downloaded = cache.fetch(client, resolved, progress).downloaded();
            }
            cache.copy(resolved.digest(), target);
        }
        if (output.json()) {
            output.printJson(new Pulled(resolved.id(), resolved.version(), target.toString(), resolved.digest(),
                    resolved.size(), resolved.yanked(), downloaded));
        } else if (write) {
            output.result("pulled %s@%s -> %s (%s, %s)%s", resolved.id(), resolved.version(), target,
                    InfoCommand.size(resolved.size()), resolved.digest(), downloaded ? "" : " from the cache");
        } else {
            output.result("%s@%s is already at %s (%s)", resolved.id(), resolved.version(), target, resolved.digest());
        }
        return 0;
    }

    /** A reference as {@code pull} and {@code lock} take it; a usage error when it is malformed. */
    static BrickRef parse(String reference) throws UsageException {
        try {
            return BrickRef.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + reference + "' is not a reference such as acme/sentiment@^1.2: "
                    + e.getMessage());
        }
    }
}
