package dev.brickyard.cli.output;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json} alone, for the commands that work on local files (train, fit, merge, pack, precision ...), which
 * have no registry to be quiet or verbose about. Its document is written as {@link OutputOptions} writes its own.
 */
public final class JsonOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--json", description = "Print the result as one JSON object, for scripts.")
    boolean json;

    public boolean json() {
        return json;
    }

    /** Prints the command's result document on standard output. */
    public void print(Object value) {
        OutputOptions.printJson(command.commandLine().getOut(), value);
    }
}
