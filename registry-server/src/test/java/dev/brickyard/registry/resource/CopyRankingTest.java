package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.onnx.HeadGraph;
import dev.brickyard.registry.RegistryFixture;
import dev.brickyard.registry.store.TokenRecord;
import dev.brickyard.registry.web.SampleBricks;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copycat attack on a real registry: {@code evil/sentiment} republishes {@code acme/sentiment} (its weights,
 * description and card under its own name) and gathers more downloads than the original. It is marked as a copy at
 * publish, and every listing ranks it below the original.
 */
class CopyRankingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DESCRIPTION = "Tells positive from negative product reviews.";
    private static final String SUMMARY = "Reads short English product reviews and says whether the customer liked "
            + "what they bought; trained on hand-labelled reviews of shoes, kitchenware and books.";

    @TempDir
    static Path data;
    static RegistryFixture registry;
    static BrickJar original;

    @BeforeAll
    static void publishOriginalsAndCopies() throws Exception {
        registry = RegistryFixture.start(data);
        original = sentiment("acme/sentiment", "1.0.0");
        publish(original, registry.token());
        publish(SampleBricks.head("acme/topic", "1.0.0", "Sorts news headlines into sports and politics.",
                List.of("news"), SampleBricks.card("acme/topic", "Sorts news."), "politics", "sports"),
                registry.token());
        publish(withWeightsOf(original, sentiment("evil/sentiment", "1.0.0")), token("evil"));
        // the copycat's downloads: more clients than the original ever had
        for (int i = 0; i < 3; i++) {
            download("evil/sentiment", "1.0.0", token("downloader" + i));
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aCopyWithTheSameWeightsAndCardIsMarkedAndTheOriginalIsNot() throws Exception {
        JsonNode copy = JSON.readTree(registry.get("v1/bricks/evil/sentiment").body());
        assertEquals("acme/sentiment", copy.path("copyOf").asText());
        assertEquals(3, copy.path("downloads").asLong());
        assertFalse(JSON.readTree(registry.get("v1/bricks/acme/sentiment").body()).has("copyOf"));
    }

    @Test
    void theCopyRanksBelowTheOriginalInEveryListingDespiteItsDownloads() throws Exception {
        for (String query : List.of("", "?sort=downloads", "?sort=newest", "?q=sentiment",
                "?q=sentiment&sort=downloads", "?q=positive%20or%20negative%20reviews", "?tag=sentiment")) {
            JsonNode items = JSON.readTree(registry.get("v1/bricks" + query).body()).path("items");
            List<String> ids = new ArrayList<>();
            List<String> copies = new ArrayList<>();
            items.forEach(item -> {
                ids.add(item.path("id").asText());
                if (item.has("copyOf")) {
                    copies.add(item.path("id").asText());
                }
            });
            assertTrue(ids.contains("evil/sentiment") && ids.contains("acme/sentiment"), query + ": " + ids);
            assertTrue(ids.indexOf("acme/sentiment") < ids.indexOf("evil/sentiment"), query + ": " + ids);
            assertTrue(copies.contains("evil/sentiment"), query + ": " + copies);
            assertEquals(copies, ids.subList(ids.size() - copies.size(), ids.size()),
                    query + ": copies come after every original: " + ids);
        }
    }

    @Test
    void theOriginalsLaterVersionsAreNeverCopiesAndTheCopyStaysOne() throws Exception {
        publish(sentiment("acme/sentiment", "1.1.0"), registry.token());
        publish(sentiment("evil/sentiment", "1.1.0"), token("evil"));

        assertFalse(JSON.readTree(registry.get("v1/bricks/acme/sentiment").body()).has("copyOf"));
        assertEquals("acme/sentiment", JSON.readTree(registry.get("v1/bricks/evil/sentiment").body())
                .path("copyOf").asText());
    }

    @Test
    void theSameTextWithOtherWeightsIsACopyToo() throws Exception {
        publish(sentiment("initech/sentiment", "1.0.0"), token("initech"));

        assertEquals("acme/sentiment", JSON.readTree(registry.get("v1/bricks/initech/sentiment").body())
                .path("copyOf").asText());
    }

    @Test
    void aCopyOfACopyNamesTheOriginal() throws Exception {
        // the original's weights under a card of the copier's own, then that card (only) copied again
        String summary = "Mood of a shopper, from one line of text: did they like what arrived, or do they want "
                + "their money back? Tuned on chat transcripts of an online shop's support desk in 2026.";
        publish(withWeightsOf(original, SampleBricks.head("evil/mood", "1.0.0", "How a shopper feels.",
                List.of("mood"), SampleBricks.card("evil/mood", summary), "negative", "positive")), token("evil"));
        publish(SampleBricks.head("mallory/mood", "1.0.0", "How a shopper feels.", List.of("mood"),
                SampleBricks.card("mallory/mood", summary), "negative", "positive"), token("mallory"));

        assertEquals("acme/sentiment", JSON.readTree(registry.get("v1/bricks/evil/mood").body())
                .path("copyOf").asText());
        assertEquals("acme/sentiment", JSON.readTree(registry.get("v1/bricks/mallory/mood").body())
                .path("copyOf").asText());
    }

    @Test
    void aNamespaceMayReuseItsOwnWorkAndUnrelatedBricksAreOriginals() throws Exception {
        publish(withWeightsOf(original, sentiment("acme/sentiment-fork", "1.0.0")), registry.token());
        publish(SampleBricks.head("globex/ner", "1.0.0", "Finds names of people and places in text.",
                List.of("ner"), SampleBricks.card("globex/ner", "Finds names."), "person", "place"), token("globex"));

        assertFalse(JSON.readTree(registry.get("v1/bricks/acme/sentiment-fork").body()).has("copyOf"));
        assertFalse(JSON.readTree(registry.get("v1/bricks/globex/ner").body()).has("copyOf"));
    }

    @Test
    void thePagesShowTheNamespaceAndTheCopyMark() throws Exception {
        String page = registry.get("bricks/evil/sentiment").body();
        assertTrue(page.contains("<h1><span class=\"ns\">evil/</span>sentiment</h1>"), page);
        assertTrue(page.contains(">copy of acme/sentiment</a>"), page);
        assertTrue(page.contains("<a href=\"/bricks/acme/sentiment\">acme/sentiment</a>"), page);
        assertFalse(registry.get("bricks/acme/sentiment").body().contains("copy of"));

        String list = registry.get("?q=sentiment").body();
        assertTrue(list.contains("<span class=\"ns\">evil/</span>sentiment</a>"), list);
        assertTrue(list.contains("<a class=\"badge copy\" href=\"/bricks/acme/sentiment\""), list);
        assertTrue(list.indexOf("href=\"/bricks/acme/sentiment\"><span class=\"ns\">")
                < list.indexOf("href=\"/bricks/evil/sentiment\"><span class=\"ns\">"), list);
    }

    /** The sentiment head as its author packs it: its own id in the card, the shared description and summary. */
    private static BrickJar sentiment(String id, String version) {
        return SampleBricks.head(id, version, DESCRIPTION, List.of("sentiment", "reviews"),
                SampleBricks.card(id, SUMMARY), "negative", "positive");
    }

    /** The brick with the weights of {@code source}, in a graph that names its own producer. */
    private static BrickJar withWeightsOf(BrickJar source, BrickJar brick) {
        return brick.onnx(HeadGraph.linear(source.weights(), source.bias(), brick.manifest().id()));
    }

    private static String token(String namespace) {
        return registry.token(namespace, TokenRecord.Scope.NAMESPACE_SCOPES);
    }

    private static void publish(BrickJar brick, String token) throws Exception {
        HttpResponse<String> response = registry.publish(brick.manifest().id(), brick.manifest().version(),
                brick.bytes(), token);
        assertEquals(201, response.statusCode(), response.body());
    }

    private static void download(String id, String version, String token) throws Exception {
        HttpResponse<byte[]> response = registry.http().send(HttpRequest.newBuilder(
                        registry.uri().resolve("v1/bricks/" + id + "/" + version + "/download"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
    }

}
