package dev.brickyard.registry.osgi;

import dev.brickyard.registry.resource.Documents;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.RegistryEvent;
import dev.brickyard.registry.store.VersionRecord;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code GET /osgi/index.xml}: every published version that is not yanked (all of them with
 * {@code ?include_yanked=true}) as an OSGi Repository 1.0 index whose content URLs point at the download endpoint.
 *
 * <p>The index changes only when a version is published, yanked or unyanked, and each of those moves the store's
 * event clock, so the newest event id is both the document's {@code increment} and its {@code ETag}, and
 * {@code If-None-Match} with it answers 304. The newest event's time is sent as {@code Last-Modified} for people
 * and tools to read, but {@code If-Modified-Since} alone is not honoured: HTTP dates have whole seconds, and two
 * changes within one second would leave a client on the older document. The clock is read before the versions:
 * a version that lands in between shows up under the older tag and is fetched again once, never missed.
 * Rendered documents are kept per base URL until the clock moves, since polling is how resolvers use an index.
 */
@Path("/osgi/index.xml")
public final class RepositoryIndexResource {
    public static final String MEDIA_TYPE = "application/xml";
    /** The {@code name} of the repository element. */
    static final String REPOSITORY_NAME = "Brickyard";
    private static final Logger LOG = Logger.getLogger(RepositoryIndexResource.class.getName());
    private static final int CACHED_DOCUMENTS = 8;

    private record CacheKey(URI base, boolean includeYanked) {
    }

    private record Rendered(long eventId, byte[] xml) {
    }

    private final BrickStore store;
    private final Map<CacheKey, Rendered> rendered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, Rendered> eldest) {
            return size() > CACHED_DOCUMENTS;
        }
    };

    public RepositoryIndexResource(BrickStore store) {
        this.store = store;
    }

    @GET
    @Produces(MEDIA_TYPE)
    public Response index(@QueryParam("include_yanked") boolean includeYanked, @Context UriInfo uri,
                          @Context Request request) {
        long eventId = store.lastEventId();
        EntityTag etag = new EntityTag(eventId + (includeYanked ? "-with-yanked" : ""));
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.tag(etag).header("Cache-Control", "no-cache").build();
        }
        Date lastModified = lastModified(eventId);
        CacheKey key = new CacheKey(uri.getBaseUri(), includeYanked);
        Rendered document;
        synchronized (rendered) {
            document = rendered.get(key);
        }
        if (document == null || document.eventId() != eventId) {
            document = new Rendered(eventId, render(uri.getBaseUri(), eventId, includeYanked)
                    .getBytes(StandardCharsets.UTF_8));
            synchronized (rendered) {
                rendered.put(key, document);
            }
        }
        Response.ResponseBuilder response = Response.ok(document.xml(), MEDIA_TYPE + ";charset=UTF-8").tag(etag)
                .header("Cache-Control", "no-cache");
        if (lastModified != null) {
            response.lastModified(lastModified);
        }
        return response.build();
    }

    private String render(URI base, long eventId, boolean includeYanked) {
        List<BundleResource> resources = new ArrayList<>();
        for (VersionRecord newest : store.searchable()) {
            for (VersionRecord version : store.versions(newest.brick())) {
                if (version.yanked() && !includeYanked) {
                    continue;
                }
                try {
                    resources.add(BundleResource.of(version, Documents.downloadUrl(base, version)));
                } catch (IllegalArgumentException unparsable) {
                    // Published before the headers were checked this strictly; resolvers would refuse it anyway.
                    LOG.warning(() -> "left out of the OSGi index: " + version.ref() + ": "
                            + unparsable.getMessage());
                }
            }
        }
        return RepositoryXml.write(REPOSITORY_NAME, eventId, resources);
    }

    /** When the newest event happened, or null before the first one. */
    private Date lastModified(long eventId) {
        if (eventId <= 0) {
            return null;
        }
        List<RegistryEvent> newest = store.eventsAfter(eventId - 1, 1);
        return newest.isEmpty() ? null : Date.from(newest.get(0).at());
    }
}
