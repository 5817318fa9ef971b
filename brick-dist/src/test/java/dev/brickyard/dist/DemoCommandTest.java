package dev.brickyard.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.cli.CliRun;
import dev.brickyard.cli.ExitCode;
import dev.brickyard.tools.pack.BrickPacker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brick demo}, the README's main job, on the example bricks packed from this checkout. */
class DemoCommandTest {
    @TempDir
    Path jars;

    static final List<String> EXAMPLES = List.of("sentiment", "topic", "emotion", "shop-faq", "shop-terms", "shop-neurons");

    @Test
    void demoPublishesInstallsRoutesAndSwapsLiveWithoutAFailedRequest() throws Exception {
        for (String name : EXAMPLES) {
            new BrickPacker().pack(Path.of("..", "bundles", name, "brick"), jars.resolve(name + ".jar"));
        }
        CliRun run = CliRun.of("demo", "--bundles", jars.toString(), "--registry-port", "0", "--host-port", "0",
                "--once");
        assertEquals(0, run.exitCode(), run.toString());
        for (String name : EXAMPLES) {
            assertTrue(run.out().contains("published brickyard/" + name + "@1.0.0"), run.out());
            assertTrue(run.out().contains("installed brickyard/" + name + "@1.0.0 from the registry"), run.out());
        }
        assertTrue(run.out().contains("\"" + DemoCommand.SAMPLES.get(3) + "\"\n"), run.out());
        assertTrue(run.out().matches("(?s).*\"Is BOPIS free\\?\"\n  base model +[0-9.]+  What is the warranty on tents\\?\n"
                + "  with shop-terms +[0-9.]+  Can I collect my order in the shop\\?\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*\"Shares of the retailer[^\n]*\n  brickyard/topic@1\\.0\\.0 +route [0-9.]+  business [0-9.]+\n\".*"),
                run.out());
        assertTrue(run.out().matches("(?s).*\"I can't stop shaking[^\n]*\n  brickyard/emotion@1\\.0\\.0 +route [0-9.]+  fear [0-9.]+\n\".*"),
                run.out());
        assertTrue(run.out().matches("(?s).*\"Are you open on Sunday afternoon[^\n]*\n  brickyard/shop-faq@1\\.0\\.0 .*Sundays 11:00 to 16:00.*"),
                run.out());
        assertTrue(run.out().matches("(?s).*swapped to brickyard/sentiment@1\\.1\\.0 in \\d+ ms; \\d+ requests answered "
                + "around the swap, 0 failed; answers now come from brickyard/sentiment@1\\.1\\.0.*"), run.out());
        assertTrue(run.out().contains("bricks/brickyard/sentiment"), run.out());
    }

    @Test
    void demoWithoutBundlesSaysHowToBuildThem() {
        CliRun run = CliRun.of("demo", "--bundles", jars.toString());
        assertEquals(ExitCode.NOT_FOUND.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("no brick bundles found"), run.err());
    }
}
