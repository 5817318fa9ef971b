package dev.brickyard.cli.train;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code brick train}: groups the trainers, one per brick kind. */
@Command(name = "train", description = "Train a brick from data.", mixinStandardHelpOptions = true,
        subcommands = {TrainHeadCommand.class, TrainKnowledgeCommand.class})
public final class TrainCommand {
    /** The command line a subcommand ran with, {@code brick train head --data …}, for the provenance statement. */
    static List<String> commandLine(CommandSpec spec) {
        List<String> line = new ArrayList<>(List.of(spec.root().name()));
        line.addAll(spec.commandLine().getParseResult().originalArgs()); // every argument, from the root's first
        return line;
    }
}
