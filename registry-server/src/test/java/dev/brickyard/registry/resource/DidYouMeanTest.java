package dev.brickyard.registry.resource;

import static dev.brickyard.registry.resource.PublishApiTest.JSON;
import static dev.brickyard.registry.resource.PublishApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import dev.brickyard.registry.store.TokenRecord;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistyped brick id: every {@code brick_not_found} of a real registry names the published ids closest to it, and
 * the web page for it links them.
 */
class DidYouMeanTest {
    @TempDir
    static Path data;
    static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(RegistryConfig.embedded(data, 0));
        for (String id : List.of("acme/urgency", "acme/urgent", "acme/sentiment", "other/urgency")) {
            HttpResponse<String> published = registry.publish(id, "1.0.0",
                    BrickJar.head(id, "1.0.0", "a", "b").bytes(), registry.token(id.split("/")[0],
                            EnumSet.of(TokenRecord.Scope.PUBLISH)));
            assertEquals(201, published.statusCode(), published.body());
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void everyBrickNotFoundSuggestsTheClosestPublishedIdsSameNamespaceFirst() throws Exception {
        for (String path : List.of("v1/bricks/acme/urgncy", "v1/bricks/acme/urgncy/1.0.0",
                "v1/resolve?ref=acme/urgncy@%5E1", "v1/bricks/acme/urgncy/tags")) {
            HttpResponse<String> answer = registry.get(path);
            assertProblem(answer, 404, "brick_not_found");
            assertEquals(List.of("acme/urgency", "other/urgency"), suggestions(answer), path);
        }
    }

    @Test
    void nothingCloseMeansNoSuggestions() throws Exception {
        HttpResponse<String> answer = registry.get("v1/bricks/acme/weather-forecast");
        assertProblem(answer, 404, "brick_not_found");
        assertFalse(JSON.readTree(answer.body()).has("suggestions"), answer.body());
    }

    @Test
    void theWebPageOfAnUnknownBrickLinksTheClosestOnes() throws Exception {
        HttpResponse<String> page = registry.http().send(HttpRequest.newBuilder(registry.uri()
                .resolve("bricks/acme/sentimnet")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("Did you mean <a href=\"/bricks/acme/sentiment\">acme/sentiment</a>?"),
                page.body());
    }

    private static List<String> suggestions(HttpResponse<String> answer) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : JSON.readTree(answer.body()).path("suggestions")) {
            ids.add(id.asText());
        }
        return ids;
    }
}
