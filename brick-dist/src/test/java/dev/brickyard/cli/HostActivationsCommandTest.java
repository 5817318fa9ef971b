package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.manifest.NeuronSelection;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.http.HostServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brick host activations} against a real host (Jersey on a random port, the real base model, Felix). */
class HostActivationsCommandTest {
    static final String TEXT = "The tent is not waterproof after all.";
    @TempDir
    static Path jars;
    static HostServer host;

    @TempDir
    Path home;

    @BeforeAll
    static void startHost() throws Exception {
        host = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null);
        host.host().install(BrickJar.neurons("acme/quiet", "1.0.0", NeuronSelection.Mode.KEEP_ONLY, 1, 5, 6)
                .writeTo(Files.createDirectories(jars.resolve("quiet"))));
        host.host().install(BrickJar.head("acme/mood", "1.0.0", "calm", "tense")
                .writeTo(Files.createDirectories(jars.resolve("mood"))));
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    CliRun activations(String... args) {
        List<String> all = new ArrayList<>(List.of("host", "activations"));
        all.addAll(List.of(args));
        all.add("--host");
        all.add(host.uri().toString());
        return CliRun.in(CliRun.environment(home, Map.of()), all.toArray(String[]::new));
    }

    @Test
    void printsATableOfTheTopNeuronsPerLayer() throws Exception {
        CliRun run = activations(TEXT, "--layer", "3", "--layer", "1", "--top", "4");
        assertEquals(0, run.exitCode(), run.toString());
        FfnActivations direct = host.host().activations(TEXT, List.of()).activations();
        List<String> lines = run.out().lines().toList();
        assertEquals("\"" + TEXT + "\"", lines.get(0));
        assertEquals("word pieces: " + String.join(" ", direct.tokens()), lines.get(1));
        int layer3 = lines.indexOf("layer 3");
        int layer1 = lines.indexOf("layer 1");
        assertTrue(layer3 > 0 && layer1 > layer3, "layers in the order asked: " + run.out());
        assertTrue(lines.get(layer3 + 1).matches("NEURON +MEAN +MAX +TOKEN"), lines.get(layer3 + 1));
        float[] mean = direct.meanOverTokens(3);
        List<Integer> top = IntStream.range(0, mean.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(n -> -mean[n])).limit(4).toList();
        for (int i = 0; i < 4; i++) {
            int n = top.get(i);
            int at = 0;
            for (int t = 1; t < direct.tokens().size(); t++) {
                at = direct.values()[3][t][n] > direct.values()[3][at][n] ? t : at;
            }
            String expected = String.format(Locale.ROOT, "%d +%.3f +%.3f +%s \\(%d\\)", n, mean[n],
                    direct.values()[3][at][n], java.util.regex.Pattern.quote(direct.tokens().get(at)), at);
            assertTrue(lines.get(layer3 + 2 + i).matches(expected), lines.get(layer3 + 2 + i) + " ~ " + expected);
        }
        assertEquals(layer1 - 1, layer3 + 2 + 4, "4 rows, then a blank line: " + run.out());
    }

    @Test
    void jsonIsTheHostsAnswerAndNeuronBricksAreApplied() throws Exception {
        CliRun run = activations(TEXT, "--brick", "acme/quiet", "--layer", "2", "--json");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode answer = new ObjectMapper().readTree(run.out());
        assertEquals("[\"acme/quiet@1.0.0\"]", answer.path("applied").toString());
        assertEquals(1, answer.path("layers").size());
        assertEquals(10, answer.path("layers").get(0).path("top").size(), "the host's default");
        CliRun people = activations(TEXT, "--brick", "acme/quiet", "--layer", "2");
        assertTrue(people.out().contains("\napplied: acme/quiet@1.0.0\n"), people.out());
    }

    @Test
    void badRequestsExitWithTheHostsReason() {
        CliRun layer = activations(TEXT, "--layer", "9");
        assertEquals(ExitCode.USAGE.code(), layer.exitCode(), layer.toString());
        assertTrue(layer.err().contains("there is no layer 9"), layer.err());
        CliRun top = activations(TEXT, "--top", "2000");
        assertEquals(ExitCode.USAGE.code(), top.exitCode(), top.toString());
        CliRun head = activations(TEXT, "--brick", "acme/mood");
        assertEquals(ExitCode.USAGE.code(), head.exitCode(), head.toString());
        assertTrue(head.err().contains("only adapters and neuron bricks change the activations"), head.err());
        CliRun ghost = activations(TEXT, "--brick", "acme/ghost");
        assertEquals(ExitCode.NOT_FOUND.code(), ghost.exitCode(), ghost.toString());
    }
}
