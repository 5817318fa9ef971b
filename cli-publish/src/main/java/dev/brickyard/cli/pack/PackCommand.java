package dev.brickyard.cli.pack;

import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.cli.output.JsonOption;
import dev.brickyard.tools.pack.BrickPacker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brick pack DIR}: makes the bundle jar. */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Make an OSGi bundle from a brick folder; headers are generated from its brick.json.")
public final class PackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Brick folder holding brick.json, README.md, weights.")
    Path folder;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "JAR",
            description = "Bundle to write (default: namespace.name-version.jar in the --dir folder)."
                    + " --output is its old, deprecated name.")
    Path output;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = ".",
            description = "Folder for the bundle when -o is not given (default: the current folder).")
    Path directory;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        Path target = output != null ? output : BrickPacker.defaultTarget(folder, directory);
        VerifiedBrick brick = new BrickPacker().pack(folder, target);
        if (json.json()) {
            json.print(new Packed(brick.manifest().id(), brick.manifest().version(), brick.manifest().kind().jsonName(),
                    target.toString(), brick.sha256(), brick.size()));
            return 0;
        }
        spec.commandLine().getOut().printf("packed %s@%s -> %s (%d bytes, %s)%n", brick.manifest().id(),
                brick.manifest().version(), target, brick.size(), brick.sha256());
        return 0;
    }

    /** What {@code --json} prints: the bundle written, with its digest and size in bytes. */
    record Packed(String id, String version, String kind, String path, String digest, long size) {
    }
}
