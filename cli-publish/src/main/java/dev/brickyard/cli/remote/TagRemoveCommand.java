package dev.brickyard.cli.remote;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.registry.DistTags;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code brick tag rm NS/NAME TAG}: removes a tag; an unknown tag is exit 5. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Remove a tag; references to it (ns/name@TAG) no longer resolve.")
public final class TagRemoveCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "NS/NAME", description = "The brick, e.g. acme/sentiment.")
    String brick;

    @Parameters(index = "1", paramLabel = "TAG", description = "The tag to remove.")
    String tag;

    @Override
    public Integer call() throws Exception {
        BrickId id = TagCommand.brickId(brick);
        TagCommand.settableTag(tag);
        DistTags tags = registry.client(output, id.namespace()).removeDistTag(id, tag);
        if (output.json()) {
            output.printJson(tags);
        } else {
            output.result("removed %s@%s", id, tag);
        }
        return 0;
    }
}
