package dev.brickyard.cli.fit;

import picocli.CommandLine.Command;

/** {@code brick fit}: groups the commands that fit changes to the base model itself, one per brick kind. */
@Command(name = "fit", description = "Fit a brick that changes the base model itself.", mixinStandardHelpOptions = true,
        subcommands = {FitAdapterCommand.class})
public final class FitCommand {
}
