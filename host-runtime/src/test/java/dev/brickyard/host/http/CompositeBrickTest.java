package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.VersionRange;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composite bricks: the OSGi resolver refuses one until its components are installed; it answers with the weighted
 * average of its components from the same snapshot; its components cannot be taken out from under it.
 */
class CompositeBrickTest {
    @TempDir
    Path jars;

    private Path jar(BrickJar brick) throws Exception {
        return brick.writeTo(Files.createDirectories(jars.resolve(String.valueOf(System.nanoTime()))));
    }

    @Test
    void aCompositeNeedsItsComponentsAndAveragesTheirAnswers() throws Exception {
        CompositeRecipe recipe = new CompositeRecipe(CompositeRecipe.AVERAGE, List.of(
                new CompositeRecipe.Component(BrickId.parse("acme/mood-a"), VersionRange.parse("^1"), 3),
                new CompositeRecipe.Component(BrickId.parse("acme/mood-b"), VersionRange.parse("^1"), 1)));
        Path composite = jar(BrickJar.composite("acme/mood", "1.0.0", List.of("bad", "good"), recipe));
        try (HostServer server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null)) {
            HostClient client = new HostClient(server.uri());
            HostClient.Answer refused = client.postBundle("v1/bricks", composite);
            assertEquals(422, refused.status(), refused.toString());
            assertEquals("brick_incompatible", refused.json().path("code").asText());
            assertTrue(refused.json().path("detail").asText().contains("acme/mood-a"), refused.toString());
            assertEquals(List.of(), server.host().osgiBundles(), "no half-installed bundle");

            assertEquals(201, client.postBundle("v1/bricks", jar(BrickJar.head("acme/mood-a", "1.0.0", "bad", "good")))
                    .status());
            assertEquals(201, client.postBundle("v1/bricks", jar(BrickJar.head("acme/mood-b", "1.2.0", "good", "bad")))
                    .status());
            HostClient.Answer installed = client.postBundle("v1/bricks", composite);
            assertEquals(201, installed.status(), installed.toString());
            assertEquals("composite", installed.json().path("kind").asText());

            JsonNode answer = client.post("v1/infer", "{\"text\": \"what a lovely day\", \"bricks\": "
                    + "[\"acme/mood\", \"acme/mood-a\", \"acme/mood-b\"]}").json();
            JsonNode answers = answer.path("results").get(0).path("answers");
            float expected = 0.75f * answers.get(1).path("probabilities").path("good").floatValue()
                    + 0.25f * answers.get(2).path("probabilities").path("good").floatValue();
            assertEquals("acme/mood", answers.get(0).path("brick").asText());
            assertEquals(expected, answers.get(0).path("probabilities").path("good").floatValue(), 1e-5f,
                    answer.toString());

            HostClient.Answer needed = client.delete("v1/bricks/acme/mood-a");
            assertEquals(409, needed.status(), needed.toString());
            assertTrue(needed.json().path("detail").asText().contains("needed by the composite acme/mood@1.0.0"),
                    needed.toString());
            HostClient.Answer outOfRange = client.putBundle("v1/bricks/acme/mood-b",
                    jar(BrickJar.head("acme/mood-b", "2.0.0", "good", "bad")));
            assertEquals(409, outOfRange.status(), outOfRange.toString());
            assertEquals(200, client.putBundle("v1/bricks/acme/mood-b",
                    jar(BrickJar.head("acme/mood-b", "1.3.0", "good", "bad"))).status(), "a swap within the range");

            assertEquals(204, client.delete("v1/bricks/acme/mood").status());
            assertEquals(204, client.delete("v1/bricks/acme/mood-a").status());
        }
    }
}
