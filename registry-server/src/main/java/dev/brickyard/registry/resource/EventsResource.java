package dev.brickyard.registry.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.RegistryEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code GET /v1/events}: Server-Sent Events for published, yanked and unyanked versions. Each event's id is the
 * store's event id, so a client that reconnects with {@code Last-Event-ID} (or {@code ?after=}) misses nothing;
 * a client without either gets events from now on, and {@code ?after=0} replays the whole history.
 * Every stream polls the store, which makes events of every registry server sharing the database visible.
 */
@Path("/v1/events")
public final class EventsResource {
    private static final Logger LOG = Logger.getLogger(EventsResource.class.getName());
    static final long POLL_MILLIS = 250;
    static final long HEARTBEAT_MILLIS = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrickStore store;
    private final ExecutorService streams;

    public EventsResource(BrickStore store, ExecutorService streams) {
        this.store = store;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") Long after,
                       @Context SseEventSink sink, @Context Sse sse) {
        // A new subscriber gets what happens from now on; a returning one resumes; after=0 replays everything.
        long start = after != null ? Math.max(0, after)
                : lastEventId != null ? parse(lastEventId) : store.lastEventId();
        streams.submit(() -> pump(start, sink, sse));
    }

    private void pump(long after, SseEventSink sink, Sse sse) {
        long last = after;
        long quietSince = System.currentTimeMillis();
        try (sink) {
            while (!sink.isClosed() && !Thread.currentThread().isInterrupted()) {
                List<RegistryEvent> events = store.eventsAfter(last, 100);
                for (RegistryEvent event : events) {
                    sink.send(toSse(sse, event)).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    last = event.id();
                    quietSince = System.currentTimeMillis();
                }
                if (events.isEmpty()) {
                    if (System.currentTimeMillis() - quietSince > HEARTBEAT_MILLIS) {
                        sink.send(sse.newEventBuilder().comment("heartbeat").build())
                                .toCompletableFuture().get(10, TimeUnit.SECONDS);
                        quietSince = System.currentTimeMillis();
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception clientGone) {
            LOG.fine(() -> "event stream closed: " + clientGone);
        }
    }

    private static OutboundSseEvent toSse(Sse sse, RegistryEvent event) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", event.id());
        data.put("type", event.type().jsonName());
        data.put("brick", event.brick().toString());
        data.put("version", event.version().toString());
        data.put("digest", event.digest());
        data.put("at", event.at().toString());
        return sse.newEventBuilder().id(Long.toString(event.id())).name(event.type().jsonName())
                .data(JSON.writeValueAsString(data)).reconnectDelay(1000).build();
    }

    private static long parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.trim()));
        } catch (NumberFormatException e) {
            throw new dev.brickyard.registry.api.RegistryException(
                    dev.brickyard.registry.api.ErrorCode.BAD_REQUEST, "Last-Event-ID must be an event id number");
        }
    }
}
