package dev.brickyard.cli.neurons;

import picocli.CommandLine.Command;

/** {@code brick neurons}: groups the commands for neuron bricks, the emergent bricks of the base model. */
@Command(name = "neurons", mixinStandardHelpOptions = true,
        description = "Find neuron bricks: sets of FFN neurons of the base model, applied as a mask.",
        subcommands = {NeuronsFindCommand.class})
public final class NeuronsCommand {
}
