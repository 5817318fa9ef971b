package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.dist.BrickCli;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command of the tutorials, in order, as a reader would in a shell: each {@code $ ...} line of a
 * {@code shell} block runs in bash in one working folder, with {@code brick} on the PATH (this build's classes) and
 * {@code CHECKOUT} set to this checkout. A line ending in {@code &} starts a server in the background; the next line
 * runs once it answers. Only the ports 8080 and 8081 are changed, to free ones. The tutorials cannot fall behind the
 * commands.
 */
class TutorialTest {
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path folder;

    private final List<Process> background = new ArrayList<>();

    @AfterEach
    void stopBackground() throws InterruptedException {
        for (Process process : background) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyCommandOfThePublishingTutorialWorks() throws Exception {
        Map<String, String> outputs = run("tutorial-publish.md");
        assertTrue(outputs.size() >= 12, "the tutorial's commands: " + outputs.keySet());
        assertTrue(output(outputs, "brick search").lines().anyMatch(l -> l.startsWith("acme/urgency ")), outputs.toString());
        assertTrue(Files.isRegularFile(folder.resolve("downloads/acme.urgency-0.1.0.jar")));
        assertTrue(Files.readString(folder.resolve("urgency/README.md")).contains("## Limitations"),
                "training keeps the author's card sections");
        Path credentials = folder.resolve("home/.config/brickyard/credentials.json");
        assertTrue(Files.isRegularFile(credentials), "login stores the token in the user's config folder");
        assertFalse(Files.readString(credentials).contains("bky_"), "logout removed the token");
    }

    @Test
    void everyCommandOfTheHostTutorialWorks() throws Exception {
        Map<String, String> outputs = run("tutorial-host.md");
        assertTrue(outputs.size() >= 12, "the tutorial's commands: " + outputs.keySet());
        assertTrue(output(outputs, "brick host list").contains("brickyard/shop-faq"), outputs.toString());
        assertTrue(output(outputs, "brick host infer --brick brickyard/shop-faq \"Can I go climbing")
                .contains("climbing wall"), outputs.toString());
    }

    @Test
    void everyCommandOfTheInsideBricksTutorialWorks() throws Exception {
        Map<String, String> outputs = run("tutorial-inside-bricks.md");
        assertTrue(outputs.size() >= 25, "the tutorial's commands: " + outputs.keySet());
        assertTrue(output(outputs, "brick fit adapter --pairs jargon/data/pairs.tsv --controls jargon/data/controls.tsv "
                + "--out jargon").contains("held-out similarity"), outputs.toString());
        assertTrue(output(outputs, "sed -n").contains("| held out | 12 |"), "the card has the held-out evaluation");
        assertTrue(output(outputs, "brick verify acme.jargon-0.1.0.jar").startsWith("ok: acme/jargon@0.1.0 (adapter"));
        assertTrue(output(outputs, "brick neurons find").contains("32 neurons (ablate)"), outputs.toString());
        assertTrue(output(outputs, "brick merge jargon jargon-late --method linear")
                .contains("layer.5.ffn_out=12"), "linear concatenates the ranks 8 and 4 of layer.5.ffn_out");
        assertTrue(output(outputs, "brick merge jargon jargon-late --method ties")
                .contains("layer.5.ffn_out=8"), "ties re-compresses to the largest parent rank");

        String plain = output(outputs, "brick host infer --facts 1 \"Who signs");
        String adapted = output(outputs, "brick host infer --facts 1 --brick acme/jargon --brick acme/helpdesk");
        assertFalse(plain.contains("VPN client") || plain.contains("hardware request form"),
                "the plain base model misses the jargon, as the tutorial shows:\n" + plain);
        assertTrue(adapted.contains("hardware request form") && adapted.contains("VPN client")
                && adapted.contains("on-call line"), "with the adapter each question finds its fact:\n" + adapted);
        assertTrue(output(outputs, "brick host infer --facts 1 --brick acme/jargon-merged").contains("VPN client"),
                outputs.toString());
        assertTrue(output(outputs, "brick host activations \"I have never used the Tunnel.\" --layer 4 --layer 5 "
                + "--top 3 --brick").contains("applied: acme/no-negation@0.1.0"), outputs.toString());
    }

    private static String output(Map<String, String> outputs, String prefix) {
        return outputs.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no command starts with " + prefix));
    }

    /** Runs the tutorial's commands; answers each command line (after port replacement) with its output. */
    private Map<String, String> run(String tutorial) throws Exception {
        Map<String, String> ports = Map.of("8080", String.valueOf(freePort()), "8081", String.valueOf(freePort()));
        Path bin = Files.createDirectories(folder.resolve(".bin"));
        Path brick = bin.resolve("brick");
        Files.writeString(brick, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -Duser.home='" + folder.resolve("home") + "' -cp '" + System.getProperty("java.class.path")
                + "' " + BrickCli.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(brick, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String command : commands(Files.readString(CHECKOUT.resolve("docs").resolve(tutorial),
                StandardCharsets.UTF_8))) {
            String line = command;
            for (Map.Entry<String, String> port : ports.entrySet()) {
                line = line.replace(port.getKey(), port.getValue());
            }
            boolean inBackground = line.endsWith("&");
            String script = inBackground ? "exec " + line.substring(0, line.length() - 1).strip() : line;
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(folder.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("BRICKYARD_")
                    || name.equals("XDG_CONFIG_HOME"));
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            builder.environment().put("HOME", folder.resolve("home").toString());
            builder.environment().put("CHECKOUT", CHECKOUT.toString());
            // the host commands' default address, moved to the free port like the lines themselves
            builder.environment().put("BRICKYARD_HOST", "http://localhost:" + ports.get("8081"));
            builder.redirectInput(ProcessBuilder.Redirect.from(emptyFile()));
            builder.redirectOutput(folder.resolve(inBackground ? ".background.out" : ".out").toFile());
            builder.redirectError(folder.resolve(inBackground ? ".background.err" : ".err").toFile());
            Process process = builder.start();
            if (inBackground) {
                background.add(process);
                String port = line.replaceAll(".*--port (\\d+).*", "$1");
                awaitServer(URI.create("http://localhost:" + port + "/"), process);
                continue;
            }
            assertTrue(process.waitFor(3, TimeUnit.MINUTES), line + " did not finish");
            String out = Files.readString(folder.resolve(".out"));
            String err = Files.readString(folder.resolve(".err"));
            assertEquals(0, process.exitValue(), line + "\n--- out\n" + out + "--- err\n" + err);
            outputs.put(line, out);
        }
        return outputs;
    }

    /** The {@code $ ...} lines of the tutorial's {@code shell} blocks, in order. */
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private java.io.File emptyFile() throws IOException {
        Path empty = folder.resolve(".empty");
        if (!Files.exists(empty)) {
            Files.createFile(empty);
        }
        return empty.toFile();
    }

    /** Waits until a server started in the background answers, or fails if it exits. */
    private static void awaitServer(URI uri, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            assertTrue(process.isAlive(), "the server exited with " + (process.isAlive() ? 0 : process.exitValue()));
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.getResponseCode();
                return;
            } catch (IOException notYet) {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
        throw new AssertionError("nothing answered at " + uri);
    }
}
