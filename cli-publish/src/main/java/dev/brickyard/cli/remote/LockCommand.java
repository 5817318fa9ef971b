package dev.brickyard.cli.remote;

import dev.brickyard.api.version.BrickRef;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.cache.BrickCache;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.http.lock.LockFile;
import dev.brickyard.http.registry.ResolvedVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick lock REF...}: resolves each reference (a range or a dist-tag), puts its bundle in the cache and writes
 * {@code brick.lock}, which pins each brick to the exact version and digest it resolved to and keeps the reference
 * it came from. The file is a {@link LockFile}, the format {@code brick host lock} writes, so
 * {@code brick host serve --bricks brick.lock} runs exactly these bricks.
 */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = {"Pin bricks: resolve each REF (ns/name@^1.2, ns/name@stable, ...), put its bundle in the "
                + "cache and write brick.lock with each brick's exact version, SHA-256 and REF.",
                "A host started with 'brick host serve --bricks brick.lock' runs exactly these; --offline resolves "
                        + "from the cache alone."})
public final class LockCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "REF", description = "The bricks, e.g. acme/sentiment@^1.2.")
    List<String> references;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "FILE", defaultValue = "brick.lock",
            description = "The lock file to write (default: ${DEFAULT-VALUE}), replaced in one rename."
                    + " --output is its old, deprecated name.")
    Path file;

    @Option(names = "--base", paramLabel = "MODEL", description = "Only versions built for this base model.")
    String base;

    @Option(names = "--offline", description = "Resolve from the cache only; nothing is sent.")
    boolean offline;

    private final CliEnvironment environment;

    public LockCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        List<BrickRef> refs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String reference : references) {
            BrickRef ref = PullCommand.parse(reference);
            if (!ids.add(ref.id().toString())) {
                throw new UsageException(ref.id() + " is named twice; a lock pins one version of each brick");
            }
            refs.add(ref);
        }
        RegistryClient client = registry.client(output);
        BrickCache cache = new BrickCache(environment.cacheDirectory());
        List<LockFile.Entry> entries = new ArrayList<>();
        for (BrickRef ref : refs) {
            ResolvedVersion resolved = cache.resolve(client, ref, base, offline);
            if (resolved.yanked()) {
                output.note("warning: %s@%s is yanked; locked because %s", resolved.id(), resolved.version(),
                        ref.isTag() ? "tag '" + ref.tag() + "' points at it" : "the exact version was asked for");
            }
            try (TransferProgress progress = output.progress()) {
                cache.fetch(client, resolved, progress);
            }
            entries.add(new LockFile.Entry(resolved.id(), resolved.version(), resolved.digest(), ref.toString()));
            if (!output.json()) {
                output.result("locked %s -> %s@%s (%s)", ref, resolved.id(), resolved.version(), resolved.digest());
            }
        }
        LockFile lock = LockFile.of(entries);
        lock.write(file);
        if (output.json()) {
            output.printJson(lock);
        } else {
            output.result("wrote %s", file);
        }
        return 0;
    }
}
