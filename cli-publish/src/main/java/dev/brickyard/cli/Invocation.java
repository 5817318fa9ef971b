package dev.brickyard.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** How a command was run, for the provenance statement of the brick it makes. */
public final class Invocation {
    private Invocation() {
    }

    /** The command line a subcommand ran with, {@code brick train head --data …}: every argument, from the root's first. */
    public static List<String> commandLine(CommandSpec spec) {
        List<String> line = new ArrayList<>(List.of(spec.root().name()));
        line.addAll(spec.commandLine().getParseResult().originalArgs());
        return line;
    }
}
