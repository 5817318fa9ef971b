package dev.brickyard.cli;

import dev.brickyard.dist.BrickCli;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** One run of the {@code brick} command line as a user would type it, with its output captured. */
public record CliRun(int exitCode, String out, String err) {

    /** A run in this process's environment. */
    public static CliRun of(String... args) {
        return in(CliEnvironment.system(), args);
    }

    /** A run with the given environment (variables, home, no terminal). */
    public static CliRun in(CliEnvironment environment, String... args) {
        CommandLine commandLine = BrickCli.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** An environment of a user at no terminal, with only these variables, home in {@code home}. */
    public static CliEnvironment environment(Path home, Map<String, String> variables) {
        return new CliEnvironment(variables, home, false, InputStream.nullInputStream());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
