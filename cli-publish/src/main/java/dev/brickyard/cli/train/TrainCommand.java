package dev.brickyard.cli.train;

import picocli.CommandLine.Command;

/** {@code brick train}: groups the trainers, one per brick kind. */
@Command(name = "train", description = "Train a brick from data.", mixinStandardHelpOptions = true,
        subcommands = {TrainHeadCommand.class, TrainKnowledgeCommand.class})
public final class TrainCommand {
}
