package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.http.HostServer;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code brick host} client commands end to end: a real registry and a real host (Jersey on random ports, the
 * real base model, Felix with real bundles) following it, the CLI in-process with its own config folder, publishing
 * to the registry and changing the running host as an operator would.
 */
class HostCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static String registryUrl;
    static String token;
    static HostServer host;
    static String hostUrl;

    @TempDir
    Path home;

    @BeforeAll
    static void startRegistryAndHost() throws Exception {
        registry = RegistryServer.start(RegistryConfig.embedded(shared.resolve("registry"), 0));
        registryUrl = registry.uri().toString();
        token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t").secret();
        host = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0,
                new RegistryClient(registry.uri()));
        hostUrl = host.uri().toString();
    }

    @AfterAll
    static void stopHostAndRegistry() {
        if (host != null) {
            host.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** The CLI with its config folder in this test's home and, optionally, more variables. */
    CliRun brick(Map<String, String> variables, String... args) {
        Map<String, String> all = new HashMap<>(variables);
        all.put("BRICKYARD_CONFIG_DIR", home.resolve("config").toString());
        return CliRun.in(CliRun.environment(home, all), args);
    }

    /** {@code brick host ARGS --host <the test's host>}. */
    CliRun onHost(String... args) {
        List<String> all = new ArrayList<>(List.of("host"));
        all.addAll(List.of(args));
        all.add("--host");
        all.add(hostUrl);
        return brick(Map.of(), all.toArray(String[]::new));
    }

    /** Runs {@code brick host ARGS} on the test's host and requires success. */
    CliRun succeeds(String... args) {
        CliRun run = onHost(args);
        assertEquals(0, run.exitCode(), run.toString());
        return run;
    }

    Path jar(BrickJar brick) throws Exception {
        return brick.writeTo(Files.createDirectories(home.resolve("jars").resolve(String.valueOf(System.nanoTime()))));
    }

    void publish(BrickJar brick) throws Exception {
        CliRun published = brick(Map.of("BRICKYARD_TOKEN", token), "publish", jar(brick).toString(), "--registry",
                registryUrl);
        assertEquals(0, published.exitCode(), published.toString());
    }

    /** The installed brick as {@code brick host list --json} shows it, or null. */
    JsonNode listed(String id) throws Exception {
        JsonNode bricks = JSON.readTree(succeeds("list", "--json").out()).path("items");
        return StreamSupport.stream(bricks.spliterator(), false).filter(brick -> brick.path("id").asText().equals(id))
                .findFirst().orElse(null);
    }

    @Test
    void installFromTheRegistryThenSwapRollBackAndRemoveWhileTheHostServes() throws Exception {
        for (String version : List.of("1.0.0", "1.1.0", "2.0.0")) {
            publish(BrickJar.head("acme/mood", version, "calm", "tense"));
        }
        CliRun installed = succeeds("install", "acme/mood@1.0.0");
        assertTrue(installed.out().matches("installed acme/mood@1\\.0\\.0 on \\Q" + hostUrl
                + "\\E \\(head; labels calm, tense; \\d+(\\.\\d)? (B|KiB) of weights\\)\n"), installed.out());
        CliRun twice = onHost("install", "acme/mood@^1");
        assertEquals(ExitCode.CONFLICT.code(), twice.exitCode(), twice.toString());
        assertTrue(twice.err().contains("error: acme/mood is already installed at version 1.0.0"), twice.err());

        assertEquals("swapped acme/mood from 1.0.0 to 1.1.0\n", succeeds("swap", "acme/mood@1.1.0").out());
        assertEquals("swapped acme/mood from 1.1.0 to 2.0.0\n", succeeds("swap", "acme/mood@^2").out());
        assertEquals("acme/mood is already at 2.0.0 with the same bytes; nothing changed\n",
                succeeds("swap", "acme/mood@2.0.0").out());

        List<String> table = succeeds("list").out().lines().toList();
        assertTrue(table.get(0).matches("ID +VERSION +KIND +LABELS +MEMORY +PRECISION +PREVIOUS"), table.get(0));
        assertTrue(table.stream().anyMatch(line -> line.matches(
                "acme/mood +2\\.0\\.0 +head +calm, tense +\\d+(\\.\\d)? (B|KiB) +fp32 +1\\.1\\.0, 1\\.0\\.0")), table.toString());
        JsonNode mood = listed("acme/mood");
        assertEquals("2.0.0", mood.path("version").asText());
        assertEquals("[\"1.1.0\",\"1.0.0\"]", mood.path("previousVersions").toString());
        assertEquals(registry.registry().store().version(BrickId.parse("acme/mood"), SemVer.parse("2.0.0"))
                .orElseThrow().digest(), mood.path("digest").asText(), "the bytes the registry published");
        assertTrue(mood.path("weightBytes").asLong() > 0, mood.toString());

        assertEquals("rolled back acme/mood from 2.0.0 to 1.1.0 (earlier versions left: 1.0.0)\n",
                succeeds("rollback", "acme/mood").out());
        assertEquals("rolled back acme/mood from 1.1.0 to 1.0.0 (no earlier version left)\n",
                succeeds("rollback", "acme/mood").out());
        CliRun noHistory = onHost("rollback", "acme/mood");
        assertEquals(ExitCode.CONFLICT.code(), noHistory.exitCode(), noHistory.toString());
        assertTrue(noHistory.err().contains("acme/mood@1.0.0 has no earlier version on this host to roll back to"),
                noHistory.err());
        assertEquals("1.0.0", listed("acme/mood").path("version").asText());

        assertEquals("removed acme/mood from " + hostUrl + "\n", succeeds("remove", "acme/mood").out());
        assertEquals(null, listed("acme/mood"));
        CliRun again = onHost("remove", "acme/mood");
        assertEquals(ExitCode.NOT_FOUND.code(), again.exitCode(), again.toString());
        assertTrue(again.err().contains("error: acme/mood is not installed"), again.err());
    }

    @Test
    void bundleFilesAreUploadedAndASwapReplacesTheBrickTheirManifestNames() throws Exception {
        JsonNode installed = JSON.readTree(succeeds("install", jar(BrickJar.head("acme/local", "1.0.0", "no", "yes"))
                .toString(), "--json").out());
        assertEquals("acme/local", installed.path("id").asText());
        assertEquals("1.0.0", installed.path("version").asText());
        assertEquals("[\"no\",\"yes\"]", installed.path("labels").toString());
        try {
            CliRun swapped = succeeds("swap", jar(BrickJar.head("acme/local", "1.1.0", "no", "yes")).toString());
            assertEquals("swapped acme/local from 1.0.0 to 1.1.0\n", swapped.out());
            assertEquals("[\"1.0.0\"]", listed("acme/local").path("previousVersions").toString());

            CliRun notInstalled = onHost("swap", jar(BrickJar.head("acme/elsewhere", "1.0.0", "no", "yes")).toString());
            assertEquals(ExitCode.NOT_FOUND.code(), notInstalled.exitCode(), notInstalled.toString());
            assertTrue(notInstalled.err().contains("acme/elsewhere is not installed"), notInstalled.err());
        } finally {
            succeeds("remove", "acme/local");
        }
    }

    @Test
    void inferNamesBricksRoutesByContentAndCombinesWeightedAnswers() throws Exception {
        BrickHost running = host.host();
        float[] sports = running.baseModel().embed("football match, the team scored a goal");
        float[] money = running.baseModel().embed("stock market prices and interest rates");
        succeeds("install", jar(BrickJar.head("acme/sports-mood", "1.0.0", "negative", "positive")
                .manifest(m -> m.withRoutingKey(sports))).toString());
        succeeds("install", jar(BrickJar.head("acme/money-mood", "1.0.0", "positive", "negative")
                .manifest(m -> m.withRoutingKey(money))).toString());
        try {
            String striker = "the striker scored twice in the final";
            String markets = "markets rallied after the match";
            JsonNode named = JSON.readTree(succeeds("infer", striker, markets, "--brick", "acme/sports-mood",
                    "--json").out());
            assertEquals("[\"acme/sports-mood@1.0.0\"]", named.path("bricks").toString());
            JsonNode first = named.path("results").get(0).path("answers").get(0);
            List<String> lines = succeeds("infer", striker, markets, "--brick", "acme/sports-mood").out().lines()
                    .toList();
            assertEquals(4, lines.size(), lines.toString());
            assertEquals("\"" + striker + "\"", lines.get(0));
            assertEquals(String.format(Locale.ROOT, "  acme/sports-mood@1.0.0  %-8s  %.3f", first.path("label")
                    .asText(), first.path("confidence").floatValue()), lines.get(1));
            assertEquals("\"" + markets + "\"", lines.get(2));

            CliRun routed = succeeds("infer", striker, "--route", "--top-k", "1", "--min-score", "0.2");
            assertTrue(routed.out().lines().skip(1).findFirst().orElseThrow()
                    .matches("  acme/sports-mood@1\\.0\\.0  (negative|positive)  0\\.\\d{3}  route 0\\.\\d{3}"),
                    routed.out());
            assertFalse(routed.out().contains("money-mood"), routed.out());
            assertEquals("\"a recipe for lemon cake\"\n  no brick answered: none scored at least the minimum routing "
                    + "score\n", succeeds("infer", "a recipe for lemon cake", "--min-score", "0.9").out());

            String[] weighted = {"infer", markets, "--brick", "acme/sports-mood", "--brick", "acme/money-mood",
                "--weight", "acme/sports-mood=3", "--weight", "acme/money-mood=1"};
            JsonNode combined = JSON.readTree(succeeds(append(weighted, "--json")).out()).path("results").get(0)
                    .path("combined").get(0);
            assertEquals("[0.75,0.25]", combined.path("weights").toString());
            List<String> text = succeeds(weighted).out().lines().toList();
            assertEquals(4, text.size(), text.toString());
            assertEquals(String.format(Locale.ROOT, "  %-22s  %-8s  %.3f  (acme/sports-mood@1.0.0 0.75 + "
                    + "acme/money-mood@1.0.0 0.25)", "combined", combined.path("label").asText(), combined.path("confidence").floatValue()),
                    text.get(3));

            CliRun ghost = onHost("infer", striker, "--brick", "acme/ghost");
            assertEquals(ExitCode.NOT_FOUND.code(), ghost.exitCode(), ghost.toString());
            assertTrue(ghost.err().contains("acme/ghost is not installed"), ghost.err());
            CliRun both = onHost("infer", striker, "--brick", "acme/sports-mood", "--route");
            assertEquals(ExitCode.USAGE.code(), both.exitCode(), both.toString());
            assertTrue(both.err().contains("name the bricks that answer or route, not both"), both.err());
        } finally {
            succeeds("remove", "acme/sports-mood");
            succeeds("remove", "acme/money-mood");
        }
    }

    @Test
    void knowledgeBricksAnswerWithTheFactsTheyFoundBestFirst() throws Exception {
        succeeds("install", jar(BrickJar.knowledge(host.host().baseModel(), "acme/capitals", "1.0.0",
                Map.of("capital of France", "Paris", "capital of Spain", "Madrid"))).toString());
        try {
            List<String> lines = succeeds("infer", "What is the capital of France?", "--brick", "acme/capitals").out()
                    .lines().toList();
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(1).matches("  acme/capitals@1\\.0\\.0  capital of France = \"Paris\"  0\\.\\d{3}"),
                    lines.toString());
            assertTrue(lines.get(2).matches(" {23}capital of Spain = \"Madrid\"  -?0\\.\\d{3}"), lines.toString());
            List<String> best = succeeds("infer", "What is the capital of France?", "--brick", "acme/capitals",
                    "--facts", "1").out().lines().toList();
            assertEquals(2, best.size(), "--facts 1 keeps only the best fact: " + best);
        } finally {
            succeeds("remove", "acme/capitals");
        }
    }

    private static String[] append(String[] args, String last) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(last);
        return all.toArray(String[]::new);
    }

    @Test
    void whereTheHostIsComesFromTheOptionElseTheVariableAndAnUnreachableOneIsANetworkError() throws Exception {
        CliRun unreachable = brick(Map.of(), "host", "list", "--host", "http://127.0.0.1:1");
        assertEquals(ExitCode.NETWORK.code(), unreachable.exitCode(), unreachable.toString());
        assertTrue(unreachable.err().contains("error: cannot reach the host at http://127.0.0.1:1 (connection refused)"),
                unreachable.err());

        CliRun fromVariable = brick(Map.of("BRICKYARD_HOST", hostUrl), "host", "list", "--json");
        assertEquals(0, fromVariable.exitCode(), fromVariable.toString());
        assertTrue(JSON.readTree(fromVariable.out()).path("items").isArray(), fromVariable.out());
        CliRun variableUnreachable = brick(Map.of("BRICKYARD_HOST", "http://127.0.0.1:1"), "host", "list");
        assertEquals(ExitCode.NETWORK.code(), variableUnreachable.exitCode(), variableUnreachable.toString());
        CliRun optionWins = brick(Map.of("BRICKYARD_HOST", "http://127.0.0.1:1"), "host", "list", "--host", hostUrl);
        assertEquals(0, optionWins.exitCode(), optionWins.toString());

        CliRun notAUrl = brick(Map.of(), "host", "list", "--host", "localhost:8081");
        assertEquals(ExitCode.USAGE.code(), notAUrl.exitCode(), notAUrl.toString());
        assertTrue(notAUrl.err().contains("host 'localhost:8081' is not an http(s) URL"), notAUrl.err());
    }

    @Test
    void refusedChangesExitWithTheirCodeAndLeaveTheHostAsItWas() throws Exception {
        int before = JSON.readTree(succeeds("list", "--json").out()).path("items").size();

        CliRun unknown = onHost("install", "acme/never-published@^1");
        assertEquals(ExitCode.NOT_FOUND.code(), unknown.exitCode(), unknown.toString());

        Path notAZip = Files.writeString(home.resolve("broken.jar"), "not a zip at all");
        CliRun broken = onHost("install", notAZip.toString());
        assertEquals(ExitCode.INVALID_BRICK.code(), broken.exitCode(), broken.toString());
        assertTrue(broken.err().contains("error: the host refused the brick: "), broken.err());
        CliRun brokenSwap = onHost("swap", notAZip.toString());
        assertEquals(ExitCode.INVALID_BRICK.code(), brokenSwap.exitCode(), brokenSwap.toString());
        assertTrue(brokenSwap.err().contains(notAZip + " is not a brick bundle"), brokenSwap.err());

        CliRun missing = onHost("install", home.resolve("missing.jar").toString());
        assertEquals(ExitCode.NOT_FOUND.code(), missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("missing.jar: no such bundle"), missing.err());
        CliRun versioned = onHost("rollback", "acme/mood@1.0.0");
        assertEquals(ExitCode.USAGE.code(), versioned.exitCode(), versioned.toString());

        assertEquals(before, JSON.readTree(succeeds("list", "--json").out()).path("items").size());
    }

    @Test
    void aHostWithoutARegistryNeedsBundlesAndOneWithABudgetRefusesWhatDoesNotFit() throws Exception {
        try (HostServer small = HostServer.start(BrickHost.open(HostOptions.defaults().withBrickMemory(1000)),
                "127.0.0.1", 0, null)) {
            String url = small.uri().toString();
            CliRun byReference = brick(Map.of(), "host", "install", "acme/mood@^1", "--host", url);
            assertEquals(ExitCode.USAGE.code(), byReference.exitCode(), byReference.toString());
            assertTrue(byReference.err().contains("this host was started without --registry"), byReference.err());

            CliRun tooBig = brick(Map.of(), "host", "install", jar(BrickJar.head("acme/big", "1.0.0", "a", "b"))
                    .toString(), "--host", url);
            assertEquals(ExitCode.INCOMPATIBLE.code(), tooBig.exitCode(), tooBig.toString());
            assertTrue(tooBig.err().contains("over the budget of 1000"), tooBig.err());
            CliRun empty = brick(Map.of(), "host", "list", "--host", url);
            assertEquals(0, empty.exitCode(), empty.toString());
            assertEquals("", empty.out());
            assertTrue(empty.err().contains("no bricks are installed on " + url), empty.err());
        }
    }

    @Test
    void hostHelpListsEveryHostCommand() {
        CliRun help = CliRun.of("host", "--help");
        for (String command : List.of("serve", "list", "install", "swap", "rollback", "remove", "infer")) {
            assertTrue(help.out().contains("\n  " + command + " "), command + " missing from\n" + help.out());
        }
    }
}
