package dev.brickyard.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.base.BaseModelVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host in a process of its own ({@link HostProcessMain}) changes its bricks over HTTP and is killed with SIGKILL
 * at a random moment, five times over on the same storage folder. After each kill a host opened on the folder holds
 * exactly the state of the last change that was answered 2xx, or of the one after it when the kill fell between
 * saving that change and answering it; never anything else, and no leftovers.
 */
class HostCrashTest {
    static final int ROUNDS = 5;

    /** The storage folder and the host processes' output; kept when the test fails, to read what happened. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path folder;

    @Test
    void aKilledHostComesBackWithTheLastAcknowledgedChange() throws Exception {
        Path storage = folder.resolve("storage");
        Random random = new Random(20261205);
        int acknowledged = 0;
        String restored = "[]";
        for (int round = 0; round < ROUNDS; round++) {
            Path log = folder.resolve("host-" + round + ".out");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), HostProcessMain.class.getName(),
                    storage.toString(), String.valueOf(round))
                    .redirectOutput(log.toFile())
                    .redirectError(folder.resolve("host-" + round + ".err").toFile())
                    .start();
            try {
                String ready = awaitLine(child, log, round, "ready ");
                assertEquals(restored, ready, "the child restored what the last host held");
                // The kill falls at a random point after the first change was answered: on a busy machine the
                // first change alone (a new JVM's first verification and install) can take longer than the pause.
                awaitLine(child, log, round, "ack ");
                Thread.sleep(random.nextInt(1500));
            } finally {
                child.destroyForcibly().waitFor();
            }

            Map<Integer, String> next = new HashMap<>();
            String expected = null;
            int last = -1;
            for (String line : Files.readAllLines(log)) {
                String[] parts = line.split(" ", 3);
                assertFalse(parts[0].equals("failed"), "the child saw a change refused: " + line);
                if (parts[0].equals("ready")) {
                    expected = line.substring("ready ".length());
                } else if (parts.length == 3 && parts[0].equals("ack")) {
                    last = Integer.parseInt(parts[1]);
                    expected = parts[2];
                    acknowledged++;
                } else if (parts.length == 3 && parts[0].equals("next")) {
                    next.put(Integer.parseInt(parts[1]), parts[2]);
                }
            }
            try (BrickHost host = BrickHost.open(new HostOptions(BaseModelVariant.FP32, storage))) {
                restored = HostProcessMain.describe(host);
                List<String> allowed = next.containsKey(last + 1) ? List.of(expected, next.get(last + 1))
                        : List.of(expected);
                assertTrue(allowed.contains(restored), "round " + round + ": restored " + restored
                        + ", but the last change answered was " + expected + " and the next would have left "
                        + next.get(last + 1));
                Set<String> named = Pattern.compile("sha256:([0-9a-f]{64})").matcher(restored).results()
                        .map(match -> match.group(1) + ".jar").collect(Collectors.toSet());
                assertEquals(named, names(storage.resolve("archives")), "exactly the archives the state names");
                assertEquals(Set.of(), names(storage.resolve("staging")));
                assertFalse(Files.exists(storage.resolve("state.json.new")));
            }
        }
        assertTrue(acknowledged > ROUNDS, "the child made too few changes to test anything: " + acknowledged);
    }

    /** What follows {@code prefix} on the first line of the child's output that starts with it, once there is one. */
    private static String awaitLine(Process child, Path log, int round, String prefix) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith(prefix)) {
                        return line.substring(prefix.length());
                    }
                }
            }
            if (!child.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the host process of round " + round + " printed no '" + prefix
                        + "' line; see "
                        + log.resolveSibling("host-" + round + ".err"));
            }
            Thread.sleep(50);
        }
    }

    private static Set<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
