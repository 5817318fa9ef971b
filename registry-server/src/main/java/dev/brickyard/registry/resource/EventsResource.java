package dev.brickyard.registry.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.server.AlwaysAdmitted;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.RegistryEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/events}: Server-Sent Events for published, yanked and unyanked versions, and for dist-tags
 * created or moved ({@code tagged}, naming the version the tag points at now) or removed ({@code untagged}, naming
 * the version it pointed at); a tag event's data carries {@code tag}. Each event's id is the
 * store's event id, so a client that reconnects with {@code Last-Event-ID} (or {@code ?after=}) misses nothing;
 * a client without either gets events from now on, and {@code ?after=0} replays the whole history.
 *
 * <p>Every stream polls the store, which makes the events of every registry server sharing the database visible.
 * The stream is written as plain {@code text/event-stream} from a streaming response (the JDK HTTP server has no
 * asynchronous requests), one request thread per subscriber, ending when the client goes away or the server stops.
 */
@Path("/v1/events")
@AlwaysAdmitted
public final class EventsResource {
    static final long POLL_MILLIS = 250;
    static final long HEARTBEAT_MILLIS = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrickStore store;
    private volatile boolean stopping;

    public EventsResource(BrickStore store) {
        this.store = store;
    }

    /** Ends every open stream at its next poll, so the server can stop. */
    public void stop() {
        stopping = true;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Response stream(@HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") Long after) {
        long start = after != null ? Math.max(0, after)
                : lastEventId != null ? parse(lastEventId) : store.lastEventId();
        StreamingOutput events = out -> pump(start, out);
        return Response.ok(events, MediaType.SERVER_SENT_EVENTS_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-cache").build();
    }

    private void pump(long after, OutputStream out) throws IOException {
        long last = after;
        long quietSince = System.currentTimeMillis();
        write(out, "retry: 1000\n\n");
        while (!stopping && !Thread.currentThread().isInterrupted()) {
            List<RegistryEvent> events = store.eventsAfter(last, 100);
            for (RegistryEvent event : events) {
                write(out, "id: " + event.id() + "\nevent: " + event.type().jsonName() + "\ndata: " + data(event)
                        + "\n\n");
                last = event.id();
                quietSince = System.currentTimeMillis();
            }
            if (events.isEmpty()) {
                if (System.currentTimeMillis() - quietSince > HEARTBEAT_MILLIS) {
                    write(out, ": heartbeat\n\n");
                    quietSince = System.currentTimeMillis();
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Writes and flushes; a client that went away makes this throw, which ends the stream. */
    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String data(RegistryEvent event) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", event.id());
        data.put("type", event.type().jsonName());
        data.put("brick", event.brick().toString());
        data.put("version", event.version().toString());
        data.put("digest", event.digest());
        if (event.tag() != null) {
            data.put("tag", event.tag());
        }
        data.put("at", event.at().toString());
        return JSON.writeValueAsString(data);
    }

    private static long parse(String lastEventId) {
        try {
            return Math.max(0, Long.parseLong(lastEventId.trim()));
        } catch (NumberFormatException e) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "Last-Event-ID must be an event id number");
        }
    }
}
