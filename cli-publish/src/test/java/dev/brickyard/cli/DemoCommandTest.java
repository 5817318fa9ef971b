package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.cli.pack.BrickPacker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brick demo}, the README's main job, on the example bricks packed from this checkout. */
class DemoCommandTest {
    @TempDir
    Path jars;

    @Test
    void demoHotLoadsTheExamplesAndClassifiesTheSamples() throws Exception {
        for (String name : List.of("sentiment", "topic", "emotion")) {
            new BrickPacker().pack(Path.of("..", "bundles", name, "brick"), jars.resolve(name + ".jar"));
        }
        CliRun run = CliRun.of("demo", "--bundles", jars.toString());
        assertEquals(0, run.exitCode(), run.toString());
        for (String name : List.of("sentiment", "topic", "emotion")) {
            assertTrue(run.out().contains("hot-loaded brickyard/" + name + "@1.0.0"), run.out());
        }
        assertTrue(run.out().contains("\"" + DemoCommand.SAMPLES.get(3) + "\"\n"), run.out());
        assertTrue(run.out().matches("(?s).*brickyard/topic@1\\.0\\.0\\s+sports.*"), run.out());
        assertTrue(run.out().contains("unloaded brickyard/topic@1.0.0 while running; 2 bricks remain"), run.out());
    }

    @Test
    void demoWithoutBundlesSaysHowToBuildThem() {
        CliRun run = CliRun.of("demo", "--bundles", jars.toString());
        assertEquals(ExitCode.NOT_FOUND.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("no brick bundles found"), run.err());
    }
}
