package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.http.HostServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --json} rules of docs/cli.md ("JSON output"), end to end: a real host on a random port and the CLI
 * in-process. Every document is one object; a brick answers with the same object offline and on the host; lists are
 * {@code {"items": [...]}}; errors under {@code --json} are problem documents with a code and the exit code.
 */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRICE = "What does the blue jacket cost?";
    private static final String HOURS = "Are you open on Sunday?";

    @TempDir
    static Path shared;
    static HostServer host;
    static String hostUrl;
    static Path head;
    static Path knowledge;

    @TempDir
    Path home;

    @BeforeAll
    static void startAHostWithAHeadAndAKnowledgeBrick() throws Exception {
        host = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null);
        hostUrl = host.uri().toString();
        head = BrickJar.head("acme/shop-mood", "1.0.0", "calm", "upset")
                .writeTo(Files.createDirectories(shared.resolve("head")));
        knowledge = BrickJar.knowledge("acme/shop-facts", "1.0.0", Map.of("opening hours", "9-18 Mon-Sat",
                "jacket price", "49 EUR", "returns", "30 days")).writeTo(Files.createDirectories(shared.resolve("k")));
        for (Path bundle : List.of(head, knowledge)) {
            CliRun installed = CliRun.in(CliRun.environment(shared, Map.of()), "host", "install", bundle.toString(),
                    "--host", hostUrl);
            assertEquals(0, installed.exitCode(), installed.toString());
        }
    }

    @AfterAll
    static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    CliRun brick(String... args) {
        return CliRun.in(CliRun.environment(home, Map.of("BRICKYARD_CONFIG_DIR", home.resolve("config").toString())),
                args);
    }

    /** Runs a command that must succeed and print one JSON object on standard output. */
    JsonNode object(String... args) throws Exception {
        CliRun run = brick(args);
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode document = JSON.readTree(run.out());
        assertTrue(document.isObject(), String.join(" ", args) + " printed " + run.out());
        return document;
    }

    @Test
    void aBrickAnswersWithTheSameObjectOfflineAndOnAHost() throws Exception {
        JsonNode offline = object("infer", "--json", "--bundle", head.toString(), "--bundle", knowledge.toString(),
                PRICE, HOURS);
        JsonNode online = object("host", "infer", "--json", PRICE, HOURS, "--brick", "acme/shop-mood", "--brick",
                "acme/shop-facts", "--host", hostUrl);

        assertEquals(fieldNames(online), fieldNames(offline));
        assertEquals(online.path("bricks"), offline.path("bricks"));
        assertEquals("[\"acme/shop-mood@1.0.0\",\"acme/shop-facts@1.0.0\"]", offline.path("bricks").toString());
        assertSame(online.path("results"), offline.path("results"), "results");
        JsonNode answer = offline.path("results").get(0).path("answers").get(0);
        assertTrue(answer.has("confidence"), answer.toString());
        assertTrue(offline.path("results").get(1).path("answers").get(1).path("matches").isArray(),
                offline.toString());
    }

    @Test
    void aKnowledgeAnswerPrintsTheSameOfflineAndOnAHost() {
        CliRun offline = brick("infer", "--bundle", knowledge.toString(), HOURS);
        CliRun online = brick("host", "infer", HOURS, "--brick", "acme/shop-facts", "--host", hostUrl);
        assertEquals(0, offline.exitCode(), offline.toString());
        assertEquals(0, online.exitCode(), online.toString());
        assertEquals(online.out(), offline.out());
        assertTrue(offline.out().contains(" = \""), offline.out());
    }

    @Test
    void oneTextAndManyTextsGiveTheSameTopLevelObject() throws Exception {
        JsonNode one = object("infer", "--json", "--bundle", head.toString(), PRICE);
        JsonNode two = object("infer", "--json", "--bundle", head.toString(), PRICE, HOURS);
        assertEquals(List.of("generation", "bricks", "results"), fieldNames(one));
        assertEquals(fieldNames(one), fieldNames(two));
        assertEquals(1, one.path("results").size());
        assertEquals(2, two.path("results").size());
        assertEquals(HOURS, two.path("results").get(1).path("text").asText());
        JsonNode answer = one.path("results").get(0).path("answers").get(0);
        float best = Math.max(answer.path("probabilities").path("calm").floatValue(),
                answer.path("probabilities").path("upset").floatValue());
        assertEquals(best, answer.path("confidence").floatValue(), 1e-6);
    }

    @Test
    void everyCommandPrintsOneObjectAndListsAreItems() throws Exception {
        JsonNode listed = object("host", "list", "--json", "--host", hostUrl);
        assertEquals(2, listed.path("items").size(), listed.toString());

        Path tokens = home.resolve("host-tokens.json");
        JsonNode created = object("host", "token", "create", "--json", "--tokens", tokens.toString(), "--scope",
                "admin");
        String id = created.path("token").path("id").asText();
        assertTrue(created.path("secret").asText().length() > 10, created.toString());
        JsonNode tokenList = object("host", "token", "list", "--json", "--tokens", tokens.toString());
        assertEquals(id, tokenList.path("items").get(0).path("id").asText());
        assertEquals("[\"admin\"]", tokenList.path("items").get(0).path("scopes").toString());
        JsonNode revoked = object("host", "token", "revoke", id, "--json", "--tokens", tokens.toString());
        assertTrue(revoked.hasNonNull("revokedAt"), revoked.toString());

        JsonNode folder = object("new", "acme/urgency", "--json", "--out", home.resolve("urgency").toString());
        assertEquals("acme/urgency", folder.path("id").asText());
        assertTrue(folder.path("files").size() >= 3, folder.toString());

        assertEquals(true, object("verify", "--json", head.toString()).path("valid").asBoolean());
        JsonNode key = object("keys", "create", "acme-test", "--json", "-d", home.toString());
        JsonNode signed = object("sign", head.toString(), "--key", key.path("privateKey").asText(), "-o",
                home.resolve("signed.jar").toString(), "--json");
        assertEquals(key.path("fingerprint").asText(), signed.path("signer").asText());
        assertEquals(2, object("host", "lock", "--json", "--host", hostUrl).path("bricks").size());
        assertEquals(false, object("logout", "--json", "--registry", "http://127.0.0.1:1").path("removed")
                .asBoolean());
    }

    @Test
    void theCommandsThatMakeABrickPrintWhatTheyMade() throws Exception {
        JsonNode created = object("new", "acme/shop-facts", "--kind", "knowledge", "--json", "--out",
                home.resolve("shop-facts").toString());
        Path folder = Path.of(created.path("folder").asText());
        Path facts = home.resolve("shop-facts").resolve("data").resolve("facts.tsv");

        JsonNode built = object("train", "knowledge", "--data", facts.toString(), "--out", folder.toString(),
                "--json");
        assertEquals(List.of("id", "version", "kind", "folder", "files", "metrics"), fieldNames(built));
        assertEquals("knowledge", built.path("kind").asText());
        assertEquals("[\"README.md\",\"brick.json\",\"keys.onnx\",\"provenance.json\",\"values.jsonl\"]",
                built.path("files").toString());
        long factCount = Files.readAllLines(facts).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).count();
        assertEquals(factCount, built.path("metrics").path("facts").asLong(), built.toString());

        List<String> keys = Files.readAllLines(facts).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).limit(3)
                .map(line -> line.substring(0, line.indexOf('\t')).strip()).toList();
        Path heldout = Files.write(home.resolve("heldout.tsv"),
                keys.stream().map(key -> key + "\t" + key).toList());
        JsonNode compared = object("precision", folder.toString(), "--heldout", heldout.toString(), "--dry-run",
                "--json");
        assertEquals(3, compared.path("examples").asInt(), compared.toString());
        assertEquals("fp32", compared.path("trainedOn").path("precision").asText(), compared.toString());
        assertEquals(false, compared.path("written").asBoolean());

        JsonNode packed = object("pack", folder.toString(), "-d", home.toString(), "--json");
        assertEquals("acme/shop-facts", packed.path("id").asText());
        assertTrue(packed.path("digest").asText().startsWith("sha256:"), packed.toString());
        assertEquals(Files.size(Path.of(packed.path("path").asText())), packed.path("size").asLong());
    }

    @Test
    void anErrorUnderJsonIsAProblemDocumentWithACodeAndTheExitCode() throws Exception {
        Path missing = home.resolve("missing.jar");
        CliRun notFound = brick("verify", "--json", missing.toString());
        assertProblem(notFound, ExitCode.NOT_FOUND, "not_found");
        assertTrue(JSON.readTree(notFound.err()).path("detail").asText().contains("missing.jar"), notFound.err());

        assertProblem(brick("infer", "--json", "a text"), ExitCode.USAGE, "usage");

        CliRun notInstalled = brick("host", "remove", "acme/ghost", "--json", "--host", hostUrl);
        JsonNode problem = assertProblem(notInstalled, ExitCode.NOT_FOUND, "brick_not_installed");
        assertEquals(404, problem.path("status").asInt(), problem.toString());
        assertEquals("https://brickyard.dev/problems/brick-not-installed", problem.path("type").asText());

        CliRun plain = brick("host", "remove", "acme/ghost", "--host", hostUrl);
        assertEquals(ExitCode.NOT_FOUND.code(), plain.exitCode(), plain.toString());
        assertTrue(plain.err().startsWith("error: "), plain.err());
    }

    /** A failed run: the exit code, nothing on standard output, and one problem object on standard error. */
    private static JsonNode assertProblem(CliRun run, ExitCode exit, String code) throws Exception {
        assertEquals(exit.code(), run.exitCode(), run.toString());
        assertEquals("", run.out(), run.toString());
        JsonNode problem = JSON.readTree(run.err());
        assertEquals(code, problem.path("code").asText(), run.err());
        assertEquals(exit.code(), problem.path("exitCode").asInt(), run.err());
        assertTrue(problem.path("title").isTextual() && problem.path("detail").isTextual(), run.err());
        return problem;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The same tree, numbers equal to 1e-4 (the two hosts run the base model in separate sessions). */
    private static void assertSame(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNumber()) {
            assertTrue(actual.isNumber(), path + ": " + actual);
            assertEquals(expected.doubleValue(), actual.doubleValue(), 1e-4, path);
        } else if (expected.isContainerNode()) {
            assertEquals(expected.getNodeType(), actual.getNodeType(), path);
            assertEquals(expected.size(), actual.size(), path + ": " + expected + " vs " + actual);
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertSame(expected.get(i), actual.get(i), path + "[" + i + "]");
                }
            } else {
                for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    assertTrue(actual.has(name), path + "." + name + " missing in " + actual);
                    assertSame(expected.get(name), actual.get(name), path + "." + name);
                }
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }
}
