package dev.brickyard.cli.sign;

import picocli.CommandLine.Command;

/** {@code brick keys}: the keys that sign bricks. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Make and show the keys that sign bricks.",
        subcommands = {KeysCreateCommand.class, KeysShowCommand.class})
public final class KeysCommand {
}
