package dev.brickyard.dist;

import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.CompletionCommand;
import dev.brickyard.cli.ExitCode;
import dev.brickyard.cli.RenamedFlags;
import dev.brickyard.cli.compose.ComposeCommand;
import dev.brickyard.cli.output.CliProblem;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.pack.PackCommand;
import dev.brickyard.cli.pack.VerifyCommand;
import dev.brickyard.cli.remote.InfoCommand;
import dev.brickyard.cli.remote.LockCommand;
import dev.brickyard.cli.remote.LoginCommand;
import dev.brickyard.cli.remote.LogoutCommand;
import dev.brickyard.cli.remote.PublishCommand;
import dev.brickyard.cli.remote.PullCommand;
import dev.brickyard.cli.remote.SearchCommand;
import dev.brickyard.cli.remote.TagCommand;
import dev.brickyard.cli.remote.YankCommand;
import dev.brickyard.cli.scaffold.NewCommand;
import dev.brickyard.cli.sign.KeysCommand;
import dev.brickyard.cli.sign.SignCommand;
import dev.brickyard.cli.train.TrainCommand;
import dev.brickyard.dist.host.HostCommand;
import dev.brickyard.dist.registry.RegistryCommand;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code brick} command line. */
@Command(name = "brick", mixinStandardHelpOptions = true, versionProvider = BrickCli.Version.class,
        description = "Build, check and run bricks: modules of a foundation model shipped as OSGi bundles.",
        subcommands = {NewCommand.class, TrainCommand.class, dev.brickyard.cli.fit.FitCommand.class,
                ComposeCommand.class, dev.brickyard.cli.merge.MergeCommand.class,
                dev.brickyard.cli.neurons.NeuronsCommand.class, dev.brickyard.cli.precision.PrecisionCommand.class,
                PackCommand.class, VerifyCommand.class, SignCommand.class, KeysCommand.class, PublishCommand.class,
                SearchCommand.class, InfoCommand.class, PullCommand.class, LockCommand.class, YankCommand.class,
                TagCommand.class,
                YankCommand.Unyank.class, LoginCommand.class, LogoutCommand.class, InferCommand.class,
                DemoCommand.class, RegistryCommand.class, HostCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n", footer = {})
public final class BrickCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line in this process's environment. */
    public static CommandLine commandLine() {
        return commandLine(CliEnvironment.system());
    }

    /**
     * The configured command line; tests call {@code execute} on it and read its writers. Commands and mixins with a
     * {@link CliEnvironment} constructor get {@code environment}.
     */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new BrickCli(), new EnvironmentFactory(environment));
        commandLine.getCommandSpec().usageMessage().footer(ExitCode.helpLines());
        commandLine.setExecutionExceptionHandler(BrickCli::report);
        commandLine.setExecutionStrategy(parsed -> {
            RenamedFlags.warn(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        commandLine.setParameterExceptionHandler((failure, args) -> {
            PrintWriter err = failure.getCommandLine().getErr();
            if (jsonAsked(args)) {
                OutputOptions.printJson(err, CliProblem.usage(failure.getMessage()));
                return ExitCode.USAGE.code();
            }
            err.println("error: " + failure.getMessage());
            // "Did you mean: brick publish?" for a mistyped command, "--registry?" for a mistyped option.
            CommandLine.UnmatchedArgumentException.printSuggestions(failure, err);
            err.println("Try '" + failure.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.code();
        });
        return commandLine;
    }

    private static int report(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (jsonAsked(parsed)) {
            OutputOptions.printJson(err, CliProblem.of(failure));
            return ExitCode.of(failure).code();
        }
        err.println("error: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
        if (failure instanceof BrickNotFoundException notFound && !notFound.suggestions().isEmpty()) {
            err.println("did you mean: " + String.join(", ", notFound.suggestions()) + "?");
        }
        if (ExitCode.of(failure) == ExitCode.FAILURE && failure.getCause() != null) {
            err.println("cause: " + failure.getCause());
        }
        err.flush();
        return ExitCode.of(failure).code();
    }

    /** Whether the command that ran was given {@code --json}: then its errors are problem documents too. */
    private static boolean jsonAsked(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult command = parsed; command != null; command = command.subcommand()) {
            if (command.hasMatchedOption("--json")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code --json} is among the arguments of a command line that did not parse (so no parse result says);
     * an argument after {@code --} is a parameter, not an option.
     */
    private static boolean jsonAsked(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** Creates commands and mixins, handing the environment to those that take it. */
    private record EnvironmentFactory(CliEnvironment environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliEnvironment.class);
                constructor.setAccessible(true);
                return constructor.newInstance(environment);
            } catch (NoSuchMethodException none) {
                return CommandLine.defaultFactory().create(type);
            }
        }
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
