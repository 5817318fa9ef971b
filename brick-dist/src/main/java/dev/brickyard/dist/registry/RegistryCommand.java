package dev.brickyard.dist.registry;

import picocli.CommandLine.Command;

/** {@code brick registry}: groups the registry's server and admin commands. */
@Command(name = "registry", mixinStandardHelpOptions = true, description = "Run a brick registry and manage it.",
        subcommands = {ServeCommand.class, TokenCommand.class})
public final class RegistryCommand {
}
