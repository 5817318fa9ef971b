package dev.brickyard.cli.remote;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.api.version.DistTag;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.output.Table;
import dev.brickyard.http.registry.DistTags;
import picocli.CommandLine.Command;

/**
 * {@code brick tag set|rm|ls}: a brick's dist-tags, names such as {@code stable} that its namespace points at
 * versions so that {@code acme/sentiment@stable} follows the owner's choice. {@code latest} is implicit.
 */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Point dist-tags such as 'stable' at versions of a brick; 'brick pull ns/name@stable' and "
                + "'brick host install ns/name@stable' then take that version, and a host following "
                + "ns/name@stable moves when the tag moves.",
                "'latest' is implicit: the newest non-yanked release. Changing a tag needs a token of the brick's "
                        + "namespace with the publish scope."},
        subcommands = {TagSetCommand.class, TagRemoveCommand.class, TagListCommand.class})
public final class TagCommand {

    /** The brick of {@code ns/name}, refused as a usage error when malformed or followed by {@code @...}. */
    static BrickId brickId(String text) throws UsageException {
        if (text.contains("@")) {
            throw new UsageException("'" + text + "': name the brick without a version, e.g. "
                    + text.substring(0, text.indexOf('@')));
        }
        try {
            return BrickRef.parse(text).id();
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + text + "' is not a brick id such as acme/sentiment: " + e.getMessage());
        }
    }

    /** A tag name that may be set or removed, refused as a usage error otherwise (before anything is sent). */
    static String settableTag(String tag) throws UsageException {
        try {
            return DistTag.requireSettable(tag);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Prints the tags as a table, or as JSON with {@code --json}. */
    static void print(OutputOptions output, DistTags tags) {
        if (output.json()) {
            output.printJson(tags);
            return;
        }
        Table table = new Table("TAG", "VERSION");
        tags.tags().forEach(table::row);
        output.print(table);
    }
}
