package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.dist.BrickCli;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Renamed flags (docs/cli.md, "Renamed flags"): the new name works quietly, the old one still works and warns. */
class RenamedFlagsTest {
    @TempDir
    Path folder;

    @Test
    void everyOldNameIsAnAliasOfItsNewName() {
        for (RenamedFlags.Rename rename : RenamedFlags.RENAMES) {
            CommandLine command = BrickCli.commandLine();
            for (String name : rename.command().split(" ")) {
                command = command.getSubcommands().get(name);
                assertNotNull(command, rename.command());
            }
            CommandLine.Model.OptionSpec renamed = command.getCommandSpec().findOption(rename.newName());
            assertNotNull(renamed, rename.toString());
            assertSame(renamed, command.getCommandSpec().findOption(rename.oldName()), rename.toString());
        }
    }

    @Test
    void newWritesTheFolderNamedByOutAndWarnsOnTheOldDir() {
        CliRun quiet = CliRun.of("new", "acme/renamed", "--out", folder.resolve("new-name").toString());
        assertEquals(0, quiet.exitCode(), quiet.toString());
        assertFalse(quiet.err().contains("deprecated"), quiet.toString());
        assertTrue(Files.isRegularFile(folder.resolve("new-name/brick.json")));

        CliRun old = CliRun.of("new", "acme/renamed", "--dir", folder.resolve("old-name").toString());
        assertEquals(0, old.exitCode(), old.toString());
        assertEquals("warning: --dir is deprecated on new; use --out\n", old.err());
        assertTrue(Files.isRegularFile(folder.resolve("old-name/brick.json")), "the old name still works");
    }

    @Test
    void registryServeListensOnAddressAndStillTakesTheOldHostWithAWarning() throws Exception {
        assertEquals("", serve("--address").strip());
        assertEquals("warning: --host is deprecated on registry serve; use --address", serve("--host").strip());
    }

    /** Starts {@code brick registry serve FLAG 127.0.0.1} in a process, waits until it answers; its stderr. */
    private String serve(String flag) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path err = folder.resolve(flag.substring(2) + ".err");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BrickCli.class.getName(), "registry", "serve", flag,
                "127.0.0.1", "--port", String.valueOf(port), "--data", folder.resolve(flag.substring(2)).toString()))
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (true) {
                assertTrue(process.isAlive(), "registry serve " + flag + " exited: " + Files.readString(err));
                assertTrue(Instant.now().isBefore(deadline), "nothing answered on port " + port);
                try {
                    HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port
                            + "/v1/health").toURL().openConnection();
                    assertEquals(200, connection.getResponseCode());
                    break;
                } catch (IOException notYet) {
                    process.waitFor(200, TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return Files.readString(err).lines().filter(line -> line.startsWith("warning:") || line.startsWith("error:"))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
