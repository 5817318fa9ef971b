/**
 * The {@code brick} command: one picocli {@code Callable<Integer>} class per subcommand, errors mapped to the exit
 * codes of {@link dev.brickyard.cli.ExitCode}, all output through the command line's writers.
 */
package dev.brickyard.cli;
