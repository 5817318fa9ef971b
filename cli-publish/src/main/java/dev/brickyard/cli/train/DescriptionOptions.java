package dev.brickyard.cli.train;

import dev.brickyard.tools.card.BrickMetadata;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What an author says about a brick besides its id (version, description, tags, licence, authors), as a picocli
 * mixin, with {@code -h}/{@code --help}: a command with these options cannot take picocli's standard help options,
 * whose {@code --version} would clash with the brick's. {@code brick compose}, whose id is a parameter, uses it
 * alone; the commands that take {@code --id} use {@link MetadataOptions}.
 */
public final class DescriptionOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", paramLabel = "SEMVER", description = "Brick version (default 1.0.0).")
    String version;

    @Option(names = "--description", description = "One paragraph saying what the brick does.")
    String description;

    @Option(names = "--tag", paramLabel = "TAG", description = "A search tag; repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--license", description = "Licence of the weights (default Apache-2.0).")
    String license;

    @Option(names = "--author", paramLabel = "NAME", description = "An author; repeatable.")
    List<String> authors = new ArrayList<>();

    /** These options as metadata of the brick {@code id} (null when not given); what is not given is null. */
    public BrickMetadata of(String id) {
        return new BrickMetadata(id, version, description, tags, license, authors);
    }
}
