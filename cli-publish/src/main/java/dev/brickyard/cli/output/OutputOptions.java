package dev.brickyard.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json}, {@code --quiet} and {@code --verbose}, shared by the commands that talk to a registry, and the
 * output they lead to: results on standard output (JSON for scripts, aligned tables for people), notes and the
 * {@code --verbose} trace on standard error, progress bars only for a person at a terminal.
 */
public final class OutputOptions {
    private final CliEnvironment environment;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--json", description = "Print the result as JSON, for scripts.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (and --json output).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print each HTTP request and answer on standard error.")
    boolean verbose;

    public OutputOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    public boolean json() {
        return json;
    }

    public PrintWriter out() {
        return command.commandLine().getOut();
    }

    public PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** Prints a value as indented JSON on standard output. */
    public void printJson(Object value) {
        printJson(out(), value);
    }

    /**
     * Prints a value as indented JSON: the one writer of every {@code --json} document and of the problem documents
     * that errors print under {@code --json}, so all of them look alike.
     */
    public static void printJson(PrintWriter out, Object value) {
        try {
            out.println(RegistryClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the API's records always serialise", e);
        }
    }

    /** Prints a line for people on standard output, unless {@code --quiet} or {@code --json}. */
    public void result(String format, Object... arguments) {
        if (!quiet && !json) {
            out().printf(format + "%n", arguments);
            out().flush();
        }
    }

    /** Prints a note or warning on standard error, unless {@code --quiet}. */
    public void note(String format, Object... arguments) {
        if (!quiet) {
            err().printf(format + "%n", arguments);
            err().flush();
        }
    }

    /** Prints a table for people on standard output (unless {@code --quiet}), fitted to the terminal. */
    public void print(Table table) {
        if (!quiet) {
            table.print(out(), environment.colours(), terminalWidth());
        }
    }

    /** {@code text} highlighted when colours are on. */
    public String styled(String text, Style style) {
        return style.apply(text, environment.colours());
    }

    /** Where the {@code --verbose} trace goes. */
    public Consumer<String> trace() {
        return verbose ? line -> {
            err().println("> " + line);
            err().flush();
        } : line -> { };
    }

    /** A progress bar on a terminal; nothing when piped, quiet or printing JSON. */
    public TransferProgress progress() {
        return environment.terminal() && !quiet && !json ? new TerminalProgress(err(), terminalWidth())
                : TransferProgress.SILENT;
    }

    private int terminalWidth() {
        if (!environment.terminal()) {
            return 0;
        }
        try {
            String columns = environment.variable("COLUMNS");
            return columns == null ? 100 : Math.max(40, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
