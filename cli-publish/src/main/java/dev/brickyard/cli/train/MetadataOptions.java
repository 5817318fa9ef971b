package dev.brickyard.cli.train;

import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every authoring command that writes a brick folder takes for what the author says about the brick
 * ({@code --id} and the {@link DescriptionOptions}), as a picocli mixin. Options not given come from the output
 * folder's {@code brick.json}.
 */
public final class MetadataOptions {
    @Option(names = "--id", paramLabel = "NS/NAME", description = "Brick id, e.g. acme/sentiment.")
    String id;

    @Mixin
    DescriptionOptions description;

    /** The metadata already in the folder's {@code brick.json}, overridden by these options, checked complete. */
    public BrickMetadata resolve(Path folder) throws InvalidInputException, IOException {
        return resolve(folder, new BrickMetadata(null, null, null, List.of(), null, List.of()));
    }

    /**
     * As {@link #resolve(Path)}, with defaults for what neither these options nor the folder's {@code brick.json}
     * give: {@code brick merge} derives them from the parents.
     */
    public BrickMetadata resolve(Path folder, BrickMetadata defaults) throws InvalidInputException, IOException {
        return defaults.overriddenBy(BrickMetadata.fromFolder(folder)).overriddenBy(description.of(id))
                .requireComplete();
    }
}
