package dev.brickyard.cli;

import dev.brickyard.cli.pack.PackCommand;
import dev.brickyard.cli.pack.VerifyCommand;
import dev.brickyard.cli.registry.RegistryCommand;
import dev.brickyard.cli.train.TrainCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code brick} command line. */
@Command(name = "brick", mixinStandardHelpOptions = true, versionProvider = BrickCli.Version.class,
        description = "Build, check and run bricks: modules of a foundation model shipped as OSGi bundles.",
        subcommands = {TrainCommand.class, PackCommand.class, VerifyCommand.class, InferCommand.class,
                DemoCommand.class, RegistryCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n", footer = {})
public final class BrickCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it and read its writers. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BrickCli());
        commandLine.getCommandSpec().usageMessage().footer(ExitCode.helpLines());
        commandLine.setExecutionExceptionHandler(BrickCli::report);
        commandLine.setParameterExceptionHandler((failure, args) -> {
            PrintWriter err = failure.getCommandLine().getErr();
            err.println("error: " + failure.getMessage());
            err.println("Try '" + failure.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.code();
        });
        return commandLine;
    }

    private static int report(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        err.println("error: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
        if (ExitCode.of(failure) == ExitCode.FAILURE && failure.getCause() != null) {
            err.println("cause: " + failure.getCause());
        }
        err.flush();
        return ExitCode.of(failure).code();
    }

    /** Prints the version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BrickCli.class.getPackage().getImplementationVersion();
            return new String[] {"brick " + (version == null ? "development" : version)};
        }
    }
}
