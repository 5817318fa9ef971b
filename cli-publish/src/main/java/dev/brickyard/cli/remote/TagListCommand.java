package dev.brickyard.cli.remote;

import dev.brickyard.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code brick tag ls NS/NAME}: the brick's tags, {@code latest} first. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List a brick's tags and the versions they point at, the implicit 'latest' first.")
public final class TagListCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "NS/NAME", description = "The brick, e.g. acme/sentiment.")
    String brick;

    @Override
    public Integer call() throws Exception {
        TagCommand.print(output, registry.client(output).distTags(TagCommand.brickId(brick)));
        return 0;
    }
}
