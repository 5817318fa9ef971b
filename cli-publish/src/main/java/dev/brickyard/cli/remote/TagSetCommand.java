package dev.brickyard.cli.remote;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.registry.DistTags;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code brick tag set NS/NAME@VERSION TAG}: creates the tag or moves it to the version. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Point a tag at an exact version (creating or moving it). A yanked version cannot be tagged "
                + "(exit 6)."})
public final class TagSetCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "NS/NAME@VERSION", description = "The exact version, e.g. acme/sentiment@1.2.0.")
    String reference;

    @Parameters(index = "1", paramLabel = "TAG", description = "The tag, e.g. stable: a lower-case letter, then up "
            + "to 31 lower-case letters, digits or hyphens.")
    String tag;

    @Override
    public Integer call() throws Exception {
        SemVer version = YankCommand.exactVersion(reference);
        BrickId id = BrickRef.parse(reference).id();
        TagCommand.settableTag(tag);
        DistTags tags = registry.client(output, id.namespace()).setDistTag(id, tag, version);
        if (output.json()) {
            output.printJson(tags);
        } else {
            output.result("%s@%s is %s@%s", id, tag, id, tags.tags().get(tag));
        }
        return 0;
    }
}
