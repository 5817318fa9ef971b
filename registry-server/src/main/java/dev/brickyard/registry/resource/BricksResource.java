package dev.brickyard.registry.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.registry.BrickDetail;
import dev.brickyard.http.registry.SearchPage;
import dev.brickyard.http.registry.VersionDetail;
import dev.brickyard.http.registry.YankRequest;
import dev.brickyard.http.server.RateLimited;
import dev.brickyard.registry.RegistryMetrics;
import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.publish.Publisher;
import dev.brickyard.registry.search.ResultPage;
import dev.brickyard.registry.search.SearchIndex;
import dev.brickyard.registry.search.SearchQuery;
import dev.brickyard.registry.store.BrickRecord;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.TokenRecord;
import dev.brickyard.registry.store.VersionRecord;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Providers;
import java.io.IOException;
import java.io.InputStream;

/** The brick API: search and list, brick and version detail, publish, yank and unyank. */
@Path("/v1/bricks")
@Produces(MediaType.APPLICATION_JSON)
public final class BricksResource {
    /** Longest accepted text query, in characters. */
    static final int MAX_QUERY_LENGTH = 500;
    static final int MAX_PAGE = 100;

    private final BrickStore store;
    private final SearchIndex index;
    private final Publisher publisher;
    private final Tokens tokens;
    private final RegistryMetrics metrics;

    public BricksResource(BrickStore store, SearchIndex index, Publisher publisher, Tokens tokens,
                          RegistryMetrics metrics) {
        this.store = store;
        this.index = index;
        this.publisher = publisher;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    /**
     * Lists or searches bricks. Pages are cursor-based: follow {@code next} or the {@code Link: rel="next"} header.
     */
    @GET
    @RateLimited
    public Response search(@QueryParam("q") String text, @QueryParam("kind") String kind,
                           @QueryParam("origin") String origin, @QueryParam("base") String base,
                           @QueryParam("tag") String tag, @QueryParam("label") String label,
                           @QueryParam("sort") String sort, @QueryParam("include_yanked") boolean includeYanked,
                           @QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("cursor") String cursor,
                           @Context UriInfo uri, @Context Providers providers) {
        if (text != null && text.length() > MAX_QUERY_LENGTH) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "q is " + text.length()
                    + " characters; at most " + MAX_QUERY_LENGTH);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "limit must be between 1 and " + MAX_PAGE);
        }
        SearchQuery query;
        try {
            query = new SearchQuery(blankToNull(text), blankToNull(kind), blankToNull(origin), blankToNull(base),
                    blankToNull(tag), blankToNull(label),
                    sort == null || sort.isBlank() ? SearchQuery.Sort.RELEVANCE : SearchQuery.Sort.parse(sort),
                    includeYanked);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        ResultPage page;
        try {
            page = ResultPage.of(metrics.search(() -> index.search(query)), query, cursor, limit);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        String next = page.next();
        SearchPage body = new SearchPage(page.hits().stream().map(hit -> Documents.summary(uri.getBaseUri(), hit,
                query.text() != null)).toList(), page.total(), next);
        // Written here into one array, so the JDK server sends it with a Content-Length in one go: the registry does
        // not buffer responses (see RegistryServer), and a page of 20 summaries (about 10 KB) streamed chunked in
        // 4 KB pieces measured about 1 ms slower per search over loopback (docs/benchmarks.md).
        byte[] json;
        try {
            json = providers.getContextResolver(ObjectMapper.class, MediaType.APPLICATION_JSON_TYPE)
                    .getContext(SearchPage.class).writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a search page could not be written as JSON", e);
        }
        Response.ResponseBuilder response = Response.ok(json, MediaType.APPLICATION_JSON_TYPE);
        if (next != null) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", next).build(), "next");
        }
        return response.build();
    }

    @GET
    @Path("{namespace}/{name}")
    public BrickDetail brick(@PathParam("namespace") String namespace, @PathParam("name") String name,
                             @Context UriInfo uri) {
        BrickId id = Params.brickId(namespace, name);
        BrickRecord brick = store.brick(id).orElseThrow(() -> RegistryException.brickNotFound(id, store));
        return Documents.detail(uri.getBaseUri(), brick, store.versions(id), store.distTags(id));
    }

    @GET
    @Path("{namespace}/{name}/{version}")
    public VersionDetail version(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                 @PathParam("version") String version, @Context UriInfo uri) {
        return Documents.versionDetail(uri.getBaseUri(), find(store, namespace, name, version), store);
    }

    /**
     * Publishes a version: the body is the bundle. 201 when created, 200 when the same bytes were already there.
     */
    @PUT
    @Path("{namespace}/{name}/{version}")
    @Consumes({"application/java-archive", "application/zip", MediaType.APPLICATION_OCTET_STREAM})
    public Response publish(@PathParam("namespace") String namespace, @PathParam("name") String name,
                            @PathParam("version") String version,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body,
                            @Context UriInfo uri) throws BrickException, IOException {
        BrickId id = Params.brickId(namespace, name);
        SemVer semVer = Params.version(version);
        TokenRecord token = tokens.authorize(authorization, id, TokenRecord.Scope.PUBLISH);
        Publisher.Result result = publisher.publish(id, semVer, body, token);
        metrics.published(result.created());
        VersionDetail detail = Documents.versionDetail(uri.getBaseUri(), result.version(), store);
        return result.created()
                ? Response.created(uri.getBaseUri().resolve("v1/bricks/" + id + "/" + semVer)).entity(detail).build()
                : Response.ok(detail).build();
    }

    @POST
    @Path("{namespace}/{name}/{version}/yank")
    @Consumes(MediaType.APPLICATION_JSON)
    public VersionDetail yank(@PathParam("namespace") String namespace, @PathParam("name") String name,
                              @PathParam("version") String version,
                              @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, YankRequest request,
                              @Context UriInfo uri) {
        String reason = request == null || request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty() || reason.length() > 500) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "a yank needs a reason of 1 to 500 characters: "
                    + "{\"reason\": \"...\"}");
        }
        return setYanked(namespace, name, version, authorization, true, reason, uri);
    }

    @POST
    @Path("{namespace}/{name}/{version}/unyank")
    public VersionDetail unyank(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                @PathParam("version") String version,
                                @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri) {
        return setYanked(namespace, name, version, authorization, false, null, uri);
    }

    private VersionDetail setYanked(String namespace, String name, String version, String authorization,
                                    boolean yanked, String reason, UriInfo uri) {
        BrickId id = Params.brickId(namespace, name);
        SemVer semVer = Params.version(version);
        tokens.authorize(authorization, id, TokenRecord.Scope.YANK);
        if (!store.setYanked(id, semVer, yanked, reason)) {
            throw new RegistryException(ErrorCode.VERSION_NOT_FOUND, id + "@" + semVer + " is not published here");
        }
        index.update(id);
        return Documents.versionDetail(uri.getBaseUri(), store.version(id, semVer).orElseThrow(), store);
    }

    /** The stored version a path names, or {@code brick_not_found} / {@code version_not_found}. */
    static VersionRecord find(BrickStore store, String namespace, String name, String version) {
        BrickId id = Params.brickId(namespace, name);
        SemVer semVer = Params.version(version);
        return store.version(id, semVer).orElseThrow(() -> store.brick(id).isEmpty()
                ? RegistryException.brickNotFound(id, store)
                : new RegistryException(ErrorCode.VERSION_NOT_FOUND, id + "@" + semVer + " is not published here"));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
