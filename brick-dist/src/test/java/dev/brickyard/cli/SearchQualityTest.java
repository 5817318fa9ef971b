package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import dev.brickyard.tools.pack.BrickPacker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search by meaning, as a user of a real registry sees it: the tutorial's brick (made by {@code brick new} and
 * {@code brick train}, as docs/tutorial-publish.md does) and the six example bricks are published, then the team's
 * paraphrase queries (src/test/resources/search) must find their brick among the first three, and queries no brick is
 * about must list nothing. The registry embeds queries with its default, the int8 build.
 */
class SearchQualityTest {
    static final Path BUNDLES = Path.of("..", "bundles");
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path folder;
    static RegistryServer registry;
    static Map<String, String> acme;

    @BeforeAll
    static void publishTheCatalog() throws Exception {
        registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0));
        acme = author("acme");
        Map<String, String> brickyard = author("brickyard");
        Path urgency = folder.resolve("urgency");
        CliRun created = CliRun.in(CliRun.environment(folder, acme), "new", "acme/urgency", "--out",
                urgency.toString());
        assertEquals(0, created.exitCode(), created.toString());
        CliRun trained = CliRun.in(CliRun.environment(folder, acme), "train", "head", "--data",
                urgency.resolve("data/train.tsv").toString(), "--out", urgency.toString());
        assertEquals(0, trained.exitCode(), trained.toString());
        publish(acme, urgency);
        for (String name : List.of("sentiment", "topic", "emotion", "shop-faq", "shop-terms", "shop-neurons")) {
            Path jar = folder.resolve(name + ".jar");
            new BrickPacker().pack(BUNDLES.resolve(name).resolve("brick"), jar);
            publish(brickyard, jar);
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void theTutorialsQueryFindsItsBrickByMeaningAlone() {
        CliRun search = CliRun.in(CliRun.environment(folder, acme), "search", "is", "this", "ticket", "an",
                "emergency", "--registry", registry.uri().toString());
        assertEquals(0, search.exitCode(), search.toString());
        assertTrue(search.out().lines().skip(1).findFirst().orElse("").startsWith("acme/urgency"), search.out());
    }

    @Test
    void atLeast18Of20ParaphrasesFindTheirBrickAmongTheFirstThree() throws Exception {
        List<String> misses = new ArrayList<>();
        int found = 0;
        int queries = 0;
        for (String line : lines("paraphrases.tsv")) {
            String[] parts = line.split("\t");
            List<String> ids = ids(parts[0]);
            int rank = ids.indexOf(parts[1]) + 1;
            queries++;
            if (rank >= 1 && rank <= 3) {
                found++;
            } else {
                misses.add(parts[0] + " -> " + ids);
            }
        }
        assertEquals(20, queries);
        System.out.printf("SearchQualityTest: %d of 20 paraphrases found in the first three; missed: %s%n", found,
                misses);
        assertTrue(found >= 18, found + " of 20 found; missed: " + misses);
    }

    @Test
    void queriesNoBrickIsAboutListAtMostOneBrickInAll() throws Exception {
        List<String> listed = new ArrayList<>();
        for (String query : lines("unrelated.txt")) {
            List<String> ids = ids(query);
            if (!ids.isEmpty()) {
                listed.add(query + " -> " + ids);
            }
        }
        assertTrue(listed.size() <= 1, "unrelated queries listed bricks: " + listed);
    }

    private static List<String> ids(String query) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                registry.uri() + "v1/bricks?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static List<String> lines(String resource) throws Exception {
        return Files.readAllLines(Path.of("src", "test", "resources", "search", resource)).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    private static Map<String, String> author(String namespace) throws Exception {
        String token = registry.registry().tokens().create(namespace, TokenRecord.Scope.NAMESPACE_SCOPES, "t")
                .secret();
        return Map.of("BRICKYARD_TOKEN", token, "BRICKYARD_CONFIG_DIR", folder.resolve("config-" + namespace)
                .toString());
    }

    private static void publish(Map<String, String> author, Path brick) {
        CliRun run = CliRun.in(CliRun.environment(folder, author), "publish", brick.toString(), "--registry",
                registry.uri().toString());
        assertEquals(0, run.exitCode(), run.toString());
    }
}
