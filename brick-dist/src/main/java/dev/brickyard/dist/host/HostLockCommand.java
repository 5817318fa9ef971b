package dev.brickyard.dist.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.cli.host.HostAddressOptions;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.host.registry.BrickLock;
import dev.brickyard.http.lock.LockFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brick host lock}: the lock file of what a running host runs, for other hosts to run the same. */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = {"Write the lock file of a running host's bricks: each one's id, exact version and bundle "
                + "digest. Hosts started with --bricks FILE run exactly these."})
public final class HostLockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostAddressOptions host;

    @Mixin
    OutputOptions output;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "FILE", description = "Write the lock here (replaced in one "
            + "rename) instead of printing it."
                    + " --output is its old, deprecated name.")
    Path file;

    @Override
    public Integer call() throws Exception {
        List<LockFile.Entry> entries = new ArrayList<>();
        for (JsonNode brick : host.client(output).bricks()) {
            entries.add(new LockFile.Entry(brick.path("id").asText(), brick.path("version").asText(),
                    brick.path("digest").asText()));
        }
        BrickLock lock = BrickLock.of(entries);
        if (output.json()) {
            // The lock file's own JSON (as 'brick lock --json' prints), also when it was written to FILE.
            if (file != null) {
                lock.write(file);
            }
            output.printJson(LockFile.of(entries));
        } else if (file == null) {
            spec.commandLine().getOut().println(lock.text());
        } else {
            lock.write(file);
            output.note("wrote %d bricks to %s", entries.size(), file);
        }
        return 0;
    }
}
