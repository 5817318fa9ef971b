package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command of docs/tutorial-publish.md, in order, as a user would in a shell: each {@code $ brick ...}
 * line of a {@code shell} block becomes a {@code brick} process in one working folder, with the redirections and
 * background jobs the line asks for. Only the registry's port is changed, to a free one. The tutorial cannot
 * fall behind the commands.
 */
class TutorialTest {
    private static final Path TUTORIAL = Path.of("..", "docs", "tutorial-publish.md");

    @TempDir
    Path folder;

    private final List<Process> background = new ArrayList<>();

    /** One command line of the tutorial, split as a shell would. */
    record ShellLine(List<String> arguments, String input, String output, boolean inBackground) {
        static ShellLine parse(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            char quote = 0;
            boolean inWord = false;
            for (char c : line.toCharArray()) {
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                words.add(word.toString());
            }
            boolean inBackground = !words.isEmpty() && words.get(words.size() - 1).equals("&");
            if (inBackground) {
                words.remove(words.size() - 1);
            }
            String input = redirect(words, "<");
            String output = redirect(words, ">");
            return new ShellLine(List.copyOf(words), input, output, inBackground);
        }

        private static String redirect(List<String> words, String operator) {
            int at = words.indexOf(operator);
            if (at < 0) {
                return null;
            }
            String file = words.get(at + 1);
            words.remove(at + 1);
            words.remove(at);
            return file;
        }
    }

    @Test
    void everyCommandOfThePublishingTutorialWorks() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> commands = commands(Files.readString(TUTORIAL, StandardCharsets.UTF_8));
        assertTrue(commands.size() >= 12, "the tutorial's commands: " + commands);
        Map<String, String> outputs = new LinkedHashMap<>();
        try {
            for (String command : commands) {
                String line = command.replace("8080", String.valueOf(port));
                ShellLine shell = ShellLine.parse(line);
                assertEquals("brick", shell.arguments().get(0), line);
                Process process = start(shell);
                if (shell.inBackground()) {
                    background.add(process);
                    awaitRegistry(URI.create("http://localhost:" + port + "/"), process);
                    continue;
                }
                assertTrue(process.waitFor(3, TimeUnit.MINUTES), line + " did not finish");
                String out = shell.output() == null ? Files.readString(folder.resolve(".out")) : "";
                String err = Files.readString(folder.resolve(".err"));
                assertEquals(0, process.exitValue(), line + "\n--- out\n" + out + "--- err\n" + err);
                outputs.put(line, out);
            }
        } finally {
            for (Process process : background) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        String search = outputs.entrySet().stream().filter(e -> e.getKey().startsWith("brick search"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertTrue(search.lines().anyMatch(l -> l.startsWith("acme/urgency ")), search);
        assertTrue(Files.isRegularFile(folder.resolve("downloads/acme.urgency-0.1.0.jar")));
        assertTrue(Files.readString(folder.resolve("urgency/README.md")).contains("## Limitations"),
                "training keeps the author's card sections");
        Path credentials = folder.resolve("home/.config/brickyard/credentials.json");
        assertTrue(Files.isRegularFile(credentials), "login stores the token in the user's config folder");
        assertFalse(Files.readString(credentials).contains("bky_"), "logout removed the token");
    }

    /** The {@code $ brick ...} lines of the tutorial's {@code shell} blocks, in order. */
    static List<String> commands(String markdown) {
        List<String> commands = new ArrayList<>();
        boolean inShell = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                inShell = !inShell && line.strip().equals("```shell");
                continue;
            }
            if (inShell && line.startsWith("$ ")) {
                commands.add(line.substring(2).strip());
            }
        }
        return commands;
    }

    private Process start(ShellLine shell) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Duser.home=" + folder.resolve("home"), "-cp", System.getProperty("java.class.path"),
                BrickCli.class.getName()));
        command.addAll(shell.arguments().subList(1, shell.arguments().size()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BRICKYARD_") || name.equals("XDG_CONFIG_HOME"));
        builder.redirectInput(shell.input() == null ? emptyFile()
                : folder.resolve(shell.input()).toFile());
        builder.redirectOutput(shell.inBackground() ? folder.resolve(".background.out").toFile()
                : folder.resolve(shell.output() == null ? ".out" : shell.output()).toFile());
        builder.redirectError(shell.inBackground() ? folder.resolve(".background.err").toFile()
                : folder.resolve(".err").toFile());
        return builder.start();
    }

    private java.io.File emptyFile() throws IOException {
        Path empty = folder.resolve(".empty");
        if (!Files.exists(empty)) {
            Files.createFile(empty);
        }
        return empty.toFile();
    }

    /** Waits until the registry started in the background answers, or fails if it exits. */
    private static void awaitRegistry(URI uri, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            assertTrue(process.isAlive(), "the registry exited with " + (process.isAlive() ? 0 : process.exitValue()));
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setConnectTimeout(1000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
        throw new AssertionError("the registry did not answer at " + uri);
    }
}
