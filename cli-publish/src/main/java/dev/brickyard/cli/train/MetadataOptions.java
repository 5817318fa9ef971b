package dev.brickyard.cli.train;

import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.cli.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every {@code brick train} command takes for what the author says about a brick (id, version,
 * description, tags, licence, authors), as a picocli mixin. Options not given come from the output folder's
 * {@code brick.json}.
 */
public final class MetadataOptions {
    @Option(names = "--id", paramLabel = "NS/NAME", description = "Brick id, e.g. acme/sentiment.")
    String id;

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

    /** The metadata already in the folder's {@code brick.json}, overridden by these options, checked complete. */
    BrickMetadata resolve(Path folder) throws InvalidInputException, IOException {
        return resolve(folder, new BrickMetadata(null, null, null, List.of(), null, List.of()));
    }

    /**
     * As {@link #resolve(Path)}, with defaults for what neither these options nor the folder's {@code brick.json}
     * give: {@code brick merge} derives them from the parents.
     */
    public BrickMetadata resolve(Path folder, BrickMetadata defaults) throws InvalidInputException, IOException {
        return defaults.overriddenBy(BrickMetadata.fromFolder(folder))
                .overriddenBy(new BrickMetadata(id, version, description, tags, license, authors))
                .requireComplete();
    }
}
