package dev.brickyard.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brick completion}: prints a bash/zsh completion script generated from the command model itself. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for bash and zsh.",
                "bash: source <(brick completion)    zsh: autoload -U +X bashcompinit && bashcompinit && "
                        + "source <(brick completion)"})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("brick", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
