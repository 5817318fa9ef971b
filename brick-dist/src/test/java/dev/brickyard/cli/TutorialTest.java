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
 *
 * <p>An output block (a plain {@code ```} block right after a {@code shell} block, with only blank lines between)
 * shows what that shell block's commands print on standard output, and is checked against it: each of its non-blank
 * lines must be a line of the output, in the same order (lines the tutorial leaves out, such as {@code brick new}'s
 * list of files, may come between). Runs of spaces match any run of spaces (table columns), {@code …} matches any
 * text (placeholders for what varies: digests, times, tokens), the ports 8080 and 8081 are the free ones, integers
 * must be equal, and numbers with a decimal point (scores, similarities, sizes) may differ by 2 % or by 2 in their
 * last shown digit, whichever is more, so that the floating-point sums of another CPU still match. What each shell
 * block printed is written to {@code brick-dist/target/tutorial-output/<tutorial>.txt}, to update a tutorial from.
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
        List<String> mismatches = new ArrayList<>();
        int blocks = 0;
        for (Block block : blocks(Files.readString(CHECKOUT.resolve("docs").resolve(tutorial),
                StandardCharsets.UTF_8))) {
            StringBuilder blockOutput = new StringBuilder();
            for (String command : block.commands()) {
                String out = runLine(command, ports);
                if (out != null) {
                    outputs.put(withPorts(command, ports), out);
                    blockOutput.append(out);
                }
            }
            // what each shell block printed, beside the build's other reports: the text to update a tutorial from
            Path report = Files.createDirectories(Path.of("target", "tutorial-output"))
                    .resolve(tutorial.replace(".md", ".txt"));
            Files.writeString(report, "$ " + String.join("\n$ ", block.commands()) + "\n" + blockOutput + "\n",
                    blocks == 0 ? java.nio.file.StandardOpenOption.TRUNCATE_EXISTING
                            : java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.CREATE);
            blocks++;
            if (block.shownOutput() != null) {
                String mismatch = ShownOutput.mismatch(withPorts(block.shownOutput(), ports), blockOutput.toString());
                if (mismatch != null) {
                    mismatches.add("the output shown after `" + String.join("; ", block.commands()) + "`: "
                            + mismatch + "\n--- printed:\n" + blockOutput);
                }
            }
        }
        assertTrue(mismatches.isEmpty(), tutorial + " does not show what its commands print:\n"
                + String.join("\n\n", mismatches));
        return outputs;
    }

    private static String withPorts(String text, Map<String, String> ports) {
        String line = text;
        for (Map.Entry<String, String> port : ports.entrySet()) {
            line = line.replace(port.getKey(), port.getValue());
        }
        return line;
    }

    /** Runs one command line; answers its standard output, or null for a server started in the background. */
    private String runLine(String command, Map<String, String> ports) throws Exception {
        Path bin = folder.resolve(".bin");
        String line = withPorts(command, ports);
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
            return null;
        }
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), line + " did not finish");
        String out = Files.readString(folder.resolve(".out"));
        String err = Files.readString(folder.resolve(".err"));
        assertEquals(0, process.exitValue(), line + "\n--- out\n" + out + "--- err\n" + err);
        return out;
    }

    /**
     * A {@code shell} block of a tutorial.
     *
     * @param commands its {@code $ ...} lines, without the {@code $ }
     * @param shownOutput the output block right after it, or null when there is none
     */
    record Block(List<String> commands, String shownOutput) {
    }

    /** The tutorial's {@code shell} blocks, in order, each with the output block that follows it. */
    static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```shell")) {
                continue;
            }
            List<String> commands = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                if (lines.get(i).startsWith("$ ")) {
                    commands.add(lines.get(i).substring(2).strip());
                }
            }
            int next = i + 1;
            while (next < lines.size() && lines.get(next).isBlank()) {
                next++;
            }
            String shown = null;
            if (next < lines.size() && lines.get(next).strip().equals("```")) {
                StringBuilder output = new StringBuilder();
                for (next++; next < lines.size() && !lines.get(next).startsWith("```"); next++) {
                    output.append(lines.get(next)).append('\n');
                }
                shown = output.toString();
                i = next;
            }
            blocks.add(new Block(commands, shown));
        }
        return blocks;
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
