package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryFixture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event stream as a following host reads it: Server-Sent Events, resumable from Last-Event-ID. */
class EventsApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    static RegistryFixture registry;

    /** One parsed SSE event. */
    record Event(String id, String name, JsonNode data) {
    }

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(data);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void publishedYankedAndUnyankedArriveInOrderAndResumeFromLastEventId() throws Exception {
        registry.publish(BrickJar.head("acme/evented", "1.0.0", "a", "b"));
        registry.publish(BrickJar.head("acme/evented", "1.1.0", "a", "b"));
        registry.post("v1/bricks/acme/evented/1.1.0/yank", "{\"reason\":\"bad\"}", registry.token());
        registry.post("v1/bricks/acme/evented/1.1.0/unyank", null, registry.token());

        List<Event> all = read(null, "v1/events?after=0", 4, "acme/evented");
        assertEquals(List.of("published", "published", "yanked", "unyanked"),
                all.stream().map(Event::name).toList());
        assertEquals("acme/evented", all.get(0).data().get("brick").asText());
        assertEquals("1.1.0", all.get(2).data().get("version").asText());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(Long.parseLong(all.get(i).id()) > Long.parseLong(all.get(i - 1).id()));
        }
        List<Event> resumed = read(all.get(1).id(), "v1/events", 2, "acme/evented");
        assertEquals(List.of(all.get(2).id(), all.get(3).id()), resumed.stream().map(Event::id).toList());
    }

    @Test
    void aNewSubscriberSeesWhatHappensFromNowOn() throws Exception {
        registry.publish(BrickJar.head("acme/before", "1.0.0", "a", "b"));
        CompletableFuture<List<Event>> live = CompletableFuture.supplyAsync(() -> {
            try {
                return read(null, "v1/events", 1, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1_000);
        registry.publish(BrickJar.head("acme/after", "1.0.0", "a", "b"));
        List<Event> events = live.get(30, TimeUnit.SECONDS);
        assertEquals("acme/after", events.get(0).data().get("brick").asText());
    }

    @Test
    void malformedLastEventIdIsABadRequest() throws Exception {
        HttpResponse<String> response = registry.http().send(HttpRequest.newBuilder(
                registry.uri().resolve("v1/events")).header("Last-Event-ID", "yesterday").build(),
                HttpResponse.BodyHandlers.ofString());
        PublishApiTest.assertProblem(response, 400, "bad_request");
    }

    /** Reads events until {@code count} of them concern the brick (any brick when null). */
    private static List<Event> read(String lastEventId, String path, int count, String brick) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.uri().resolve(path))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = registry.http().send(request.build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            String id = null;
            String name = null;
            String data = null;
            while (events.size() < count && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                } else if (line.isEmpty() && data != null) {
                    Event event = new Event(id, name, JSON.readTree(data));
                    if (brick == null || brick.equals(event.data().get("brick").asText())) {
                        events.add(event);
                    }
                    id = null;
                    name = null;
                    data = null;
                }
            }
        }
        return events;
    }
}
