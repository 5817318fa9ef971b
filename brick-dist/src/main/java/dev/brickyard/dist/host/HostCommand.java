package dev.brickyard.dist.host;

import dev.brickyard.cli.host.HostActivationsCommand;
import dev.brickyard.cli.host.HostInferCommand;
import dev.brickyard.cli.host.HostInstallCommand;
import dev.brickyard.cli.host.HostListCommand;
import dev.brickyard.cli.host.HostRemoveCommand;
import dev.brickyard.cli.host.HostRollbackCommand;
import dev.brickyard.cli.host.HostSwapCommand;
import picocli.CommandLine.Command;

/**
 * {@code brick host}: groups the commands for a long-lived host: {@code serve} runs one, the others talk to a
 * running one over its HTTP API.
 */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = "Run a host and manage its bricks while it serves.",
        subcommands = {HostServeCommand.class, HostListCommand.class, HostInstallCommand.class,
                HostSwapCommand.class, HostRollbackCommand.class, HostRemoveCommand.class, HostInferCommand.class,
                HostActivationsCommand.class, HostTokenCommand.class, HostLockCommand.class})
public final class HostCommand {
}
