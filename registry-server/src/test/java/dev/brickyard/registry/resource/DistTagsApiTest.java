package dev.brickyard.registry.resource;

import static dev.brickyard.registry.resource.PublishApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryFixture;
import dev.brickyard.registry.store.RegistryEvent;
import dev.brickyard.registry.store.TokenRecord;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dist-tags over HTTP as an owner and a user meet them: set, move and remove with a namespace token, listed with the
 * implicit {@code latest}, carried by the brick document and its page, resolved by {@code /v1/resolve}, announced
 * on the event stream, and refused with stable codes.
 */
class DistTagsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(data);
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0-rc.1")) {
            assertEquals(201, registry.publish(BrickJar.head("acme/urgency", version, "low", "high")).statusCode());
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void anOwnerPointsStableAtAVersionAndUsersResolveItThere() throws Exception {
        HttpResponse<String> set = put("acme/urgency", "stable", "{\"version\":\"1.1.0\"}", registry.token());
        assertEquals(200, set.statusCode(), set.body());
        JsonNode tags = JSON.readTree(set.body());
        assertEquals("acme/urgency", tags.get("id").asText());
        assertEquals("1.2.0", tags.get("tags").get("latest").asText(), "latest skips the pre-release");
        assertEquals("1.1.0", tags.get("tags").get("stable").asText());

        assertEquals("1.1.0", resolve("acme/urgency@stable").get("version").asText());
        assertEquals("1.2.0", resolve("acme/urgency@latest").get("version").asText());
        JsonNode brick = JSON.readTree(registry.get("v1/bricks/acme/urgency").body());
        assertEquals("1.1.0", brick.get("distTags").get("stable").asText());
        assertEquals("1.2.0", brick.get("distTags").get("latest").asText());
        assertEquals(tags.get("tags"), JSON.readTree(registry.get("v1/bricks/acme/urgency/tags").body()).get("tags"));
        String page = registry.get("bricks/acme/urgency").body();
        assertTrue(page.contains("<span class=\"badge dist-tag\""), "the page shows the tags");
        assertTrue(page.contains(">stable</span>"), page);

        assertEquals(200, put("acme/urgency", "stable", "{\"version\":\"1.2.0\"}", registry.token()).statusCode());
        assertEquals("1.2.0", resolve("acme/urgency@stable").get("version").asText(), "the tag moved");
    }

    @Test
    void removingATagMakesItUnknown() throws Exception {
        assertEquals(200, put("acme/urgency", "beta", "{\"version\":\"2.0.0-rc.1\"}", registry.token()).statusCode());
        assertEquals("2.0.0-rc.1", resolve("acme/urgency@beta").get("version").asText(),
                "a tag may name a pre-release");

        HttpResponse<String> removed = delete("acme/urgency", "beta", registry.token());
        assertEquals(200, removed.statusCode(), removed.body());
        assertFalse(JSON.readTree(removed.body()).get("tags").has("beta"));
        assertProblem(registry.get("v1/resolve?ref=" + encode("acme/urgency@beta")), 404, "tag_not_found");
        assertProblem(delete("acme/urgency", "beta", registry.token()), 404, "tag_not_found");
    }

    @Test
    void aTagMayBeNamedLikeAPathOfTheVersionResources() throws Exception {
        for (String tag : List.of("yank", "unyank", "tags")) {
            HttpResponse<String> set = put("acme/urgency", tag, "{\"version\":\"1.0.0\"}", registry.token());
            assertEquals(200, set.statusCode(), tag + ": " + set.body());
            assertEquals("1.0.0", resolve("acme/urgency@" + tag).get("version").asText());
            assertEquals(200, delete("acme/urgency", tag, registry.token()).statusCode(), tag);
        }
    }

    @Test
    void tagChangesAreEventsOnTheStream() throws Exception {
        long before = registry.server().registry().store().lastEventId();
        put("acme/urgency", "nightly", "{\"version\":\"1.0.0\"}", registry.token());
        put("acme/urgency", "nightly", "{\"version\":\"1.0.0\"}", registry.token());
        delete("acme/urgency", "nightly", registry.token());

        List<RegistryEvent> events = registry.server().registry().store().eventsAfter(before, 10).stream()
                .filter(event -> "nightly".equals(event.tag())).toList();
        assertEquals(List.of(RegistryEvent.Type.TAGGED, RegistryEvent.Type.UNTAGGED),
                events.stream().map(RegistryEvent::type).toList(), "setting the same version again is no event");
        HttpResponse<java.util.stream.Stream<String>> stream = registry.http().send(HttpRequest.newBuilder(
                        registry.uri().resolve("v1/events?after=" + before)).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofLines());
        try (java.util.stream.Stream<String> lines = stream.body()) {
            String data = lines.filter(line -> line.startsWith("data:") && line.contains("\"nightly\""))
                    .findFirst().orElseThrow().substring(5).strip();
            JsonNode event = JSON.readTree(data);
            assertEquals("tagged", event.get("type").asText());
            assertEquals("nightly", event.get("tag").asText());
            assertEquals("acme/urgency", event.get("brick").asText());
            assertEquals("1.0.0", event.get("version").asText());
        }
    }

    @Test
    void aYankedVersionCannotBeTaggedButATaggedVersionYankedLaterStillResolvesMarkedYanked() throws Exception {
        registry.publish(BrickJar.head("acme/yanky", "1.0.0", "a", "b"));
        registry.publish(BrickJar.head("acme/yanky", "1.1.0", "a", "b"));
        assertEquals(200, put("acme/yanky", "stable", "{\"version\":\"1.0.0\"}", registry.token()).statusCode());
        registry.post("v1/bricks/acme/yanky/1.1.0/yank", "{\"reason\":\"bad\"}", registry.token());

        assertProblem(put("acme/yanky", "stable", "{\"version\":\"1.1.0\"}", registry.token()), 409,
                "version_yanked");
        registry.post("v1/bricks/acme/yanky/1.0.0/yank", "{\"reason\":\"worse\"}", registry.token());
        JsonNode resolved = resolve("acme/yanky@stable");
        assertEquals("1.0.0", resolved.get("version").asText());
        assertTrue(resolved.get("yanked").asBoolean());
        assertProblem(registry.get("v1/resolve?ref=" + encode("acme/yanky@latest")), 404, "no_matching_version");
        assertFalse(JSON.readTree(registry.get("v1/bricks/acme/yanky/tags").body()).get("tags").has("latest"),
                "every version is yanked: no latest");
    }

    @Test
    void badNamesAndBodiesAreRefusedWithStableCodes() throws Exception {
        for (String tag : List.of("latest", "Stable", "v1", "x", "1.2.0", "-a", "a-very-long-tag-name-of-thirty-three")) {
            assertProblem(put("acme/urgency", tag, "{\"version\":\"1.0.0\"}", registry.token()), 400, "tag_invalid");
        }
        assertProblem(delete("acme/urgency", "latest", registry.token()), 400, "tag_invalid");
        assertProblem(put("acme/urgency", "stable", "{}", registry.token()), 400, "bad_request");
        assertProblem(put("acme/urgency", "stable", "{\"version\":\"9.9.9\"}", registry.token()), 404,
                "version_not_found");
        assertProblem(put("acme/nothing", "stable", "{\"version\":\"1.0.0\"}", registry.token()), 404,
                "brick_not_found");
        assertProblem(registry.get("v1/bricks/acme/nothing/tags"), 404, "brick_not_found");
        assertProblem(registry.get("v1/resolve?ref=" + encode("acme/urgency@never-set")), 404, "tag_not_found");
    }

    @Test
    void changingATagNeedsAPublishTokenOfTheNamespace() throws Exception {
        String body = "{\"version\":\"1.0.0\"}";
        assertProblem(put("acme/urgency", "stable", body, null), 401, "unauthorized");
        assertProblem(put("acme/urgency", "stable", body,
                registry.token("other", EnumSet.of(TokenRecord.Scope.PUBLISH))), 403, "forbidden");
        assertProblem(put("acme/urgency", "stable", body,
                registry.token("acme", EnumSet.of(TokenRecord.Scope.YANK))), 403, "forbidden");
        assertProblem(delete("acme/urgency", "stable", null), 401, "unauthorized");
        assertEquals(200, put("acme/urgency", "ci", body,
                registry.token("acme", EnumSet.of(TokenRecord.Scope.PUBLISH))).statusCode());
    }

    private static JsonNode resolve(String ref) throws Exception {
        HttpResponse<String> response = registry.get("v1/resolve?ref=" + encode(ref));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> put(String brick, String tag, String json, String bearer) throws Exception {
        return send(HttpRequest.newBuilder(registry.uri().resolve("v1/bricks/" + brick + "/tags/" + tag))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), bearer);
    }

    private static HttpResponse<String> delete(String brick, String tag, String bearer) throws Exception {
        return send(HttpRequest.newBuilder(registry.uri().resolve("v1/bricks/" + brick + "/tags/" + tag)).DELETE(),
                bearer);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String bearer) throws Exception {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return registry.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
