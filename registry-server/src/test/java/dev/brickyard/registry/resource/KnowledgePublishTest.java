package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.knowledge.ValuesFile;
import dev.brickyard.registry.RegistryFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Knowledge bricks through the publish API: verified like heads, listed and found by kind. */
class KnowledgePublishTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> FACTS = Map.of("When is the shop open?", "Weekdays 9 to 19",
            "How much is delivery?", "Free above 60 euros", "Can I return an item?", "Within 30 days");

    @TempDir
    static Path data;
    static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(data);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aPublishedKnowledgeBrickIsFoundByItsKindAndNotAmongHeads() throws Exception {
        HttpResponse<String> created = registry.publish(BrickJar.knowledge("acme/shop-facts", "1.0.0", FACTS));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(201, registry.publish(BrickJar.head("acme/shop-mood", "1.0.0", "happy", "sad")).statusCode());
        Map<String, String> moreFacts = new LinkedHashMap<>(FACTS);
        moreFacts.put("Do you sell gift cards?", "From 10 to 300 euros");
        HttpResponse<String> more = registry.publish(BrickJar.knowledge("acme/shop-facts", "1.1.0", moreFacts));
        assertEquals(201, more.statusCode(), "a new version with more facts: " + more.body());

        JsonNode knowledge = JSON.readTree(registry.get("v1/bricks?kind=knowledge").body());
        assertEquals(List.of("acme/shop-facts"), ids(knowledge));
        JsonNode summary = knowledge.get("items").get(0);
        assertEquals("knowledge", summary.get("kind").asText());
        assertEquals("1.1.0", summary.get("latestVersion").asText());
        assertEquals(List.of("acme/shop-mood"), ids(JSON.readTree(registry.get("v1/bricks?kind=head").body())));

        JsonNode version = JSON.readTree(registry.get("v1/bricks/acme/shop-facts/1.1.0").body());
        assertTrue(version.toString().contains("\"kind\":\"knowledge\""), version.toString());
    }

    @Test
    void aKnowledgeBrickWhoseValuesDoNotMatchItsKeysIsRefusedNamingTheValuesFile() throws Exception {
        BrickJar brick = BrickJar.knowledge("acme/broken-facts", "1.0.0", Map.of("a", "1", "b", "2"));
        brick.values(ValuesFile.write(brick.facts().subList(0, 1)));
        HttpResponse<String> refused = registry.publish(brick);
        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode problem = JSON.readTree(refused.body());
        assertEquals("brick_invalid", problem.get("code").asText());
        assertEquals("brick/values.jsonl", problem.get("violations").get(0).get("path").asText(), refused.body());
        assertEquals(404, registry.get("v1/bricks/acme/broken-facts").statusCode());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
