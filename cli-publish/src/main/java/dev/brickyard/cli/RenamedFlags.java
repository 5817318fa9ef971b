package dev.brickyard.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Flags renamed so that one name means one thing across the commands (docs/cli.md, "Renamed flags"). Each old name
 * is still an alias of its option, so scripts keep working, and using it prints a warning on stderr:
 * {@code warning: --host is deprecated on registry serve; use --address}.
 */
public final class RenamedFlags {
    /**
     * One rename.
     *
     * @param command the command's name after {@code brick}, e.g. {@code registry serve}
     */
    public record Rename(String command, String oldName, String newName) {
    }

    /** Every rename, as docs/cli.md lists them. */
    public static final List<Rename> RENAMES = List.of(
            new Rename("registry serve", "--host", "--address"),
            new Rename("new", "--dir", "--out"),
            new Rename("pack", "--output", "--out"),
            new Rename("sign", "--output", "--out"),
            new Rename("pull", "--output", "--out"),
            new Rename("lock", "--output", "--out"),
            new Rename("host lock", "--output", "--out"));

    private RenamedFlags() {
    }

    /** Prints a warning on the command's stderr for each old flag name the command line used. */
    public static void warn(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        String qualified = leaf.commandSpec().qualifiedName();
        String command = qualified.contains(" ") ? qualified.substring(qualified.indexOf(' ') + 1) : qualified;
        PrintWriter err = leaf.commandSpec().commandLine().getErr();
        for (Rename rename : RENAMES) {
            if (rename.command().equals(command) && leaf.originalArgs().stream()
                    .anyMatch(arg -> arg.equals(rename.oldName()) || arg.startsWith(rename.oldName() + "="))) {
                err.printf("warning: %s is deprecated on %s; use %s%n", rename.oldName(), command, rename.newName());
            }
        }
        err.flush();
    }
}
