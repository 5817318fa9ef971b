package dev.brickyard.registry.web;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.http.registry.BrickDetail;
import dev.brickyard.http.registry.BrickSummary;
import dev.brickyard.http.registry.VersionDetail;
import dev.brickyard.http.server.RateLimited;
import dev.brickyard.registry.resource.Documents;
import dev.brickyard.registry.search.ResultPage;
import dev.brickyard.registry.search.SearchIndex;
import dev.brickyard.registry.search.SearchQuery;
import dev.brickyard.registry.search.SimilarBrickIds;
import dev.brickyard.registry.store.BrickRecord;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.VersionRecord;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The web pages: {@code GET /} lists and searches bricks, {@code GET /bricks/{namespace}/{name}} shows one, and
 * {@code GET /assets/style.css} serves the stylesheet. Failures a reader can cause (an unknown brick, a malformed
 * query) are answered with an HTML page, not problem+json.
 */
@Path("/")
public final class PagesResource {
    /** Media type of every page. */
    static final String HTML = "text/html; charset=UTF-8";
    /** No scripts, frames, plugins or foreign styles: pages need only their stylesheet and card images. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' https:; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /** Every listed brick, for the values the filters offer. */
    private static final SearchQuery ALL_BRICKS = new SearchQuery(null, null, null, null, null, null,
            SearchQuery.Sort.RELEVANCE, false);

    private final BrickStore store;
    private final SearchIndex index;
    private final Stylesheet stylesheet = Stylesheet.load();

    public PagesResource(BrickStore store, SearchIndex index) {
        this.store = store;
        this.index = index;
    }

    /** The list of bricks, searched and filtered by the query string, one page at a time. */
    @GET
    @RateLimited
    @Produces(MediaType.TEXT_HTML)
    public Response browse(@QueryParam("q") String text, @QueryParam("kind") String kind,
                           @QueryParam("tag") String tag, @QueryParam("base") String baseModel,
                           @QueryParam("sort") String sort, @QueryParam("limit") String limit,
                           @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        String root = root(uri);
        BrowseForm form;
        ResultPage page;
        try {
            form = BrowseForm.parse(text, kind, baseModel, tag, sort, limit);
            SearchQuery query = form.query();
            page = ResultPage.of(index.search(query), query, blankToNull(cursor), form.limit());
        } catch (IllegalArgumentException e) {
            return page(Response.Status.BAD_REQUEST, PageLayout.problem(root, stylesheet, "Bad request",
                    e.getMessage(), text));
        }
        URI base = uri.getBaseUri();
        boolean withScore = form.text() != null;
        List<BrickSummary> items = page.hits().stream().map(hit -> Documents.summary(base, hit, withScore)).toList();
        BrowsePage.Choices choices = BrowsePage.Choices.of(index.search(ALL_BRICKS));
        String title = form.text() == null ? null : "Search: " + form.text();
        return page(Response.Status.OK, PageLayout.document(root, stylesheet, title, null,
                BrowsePage.render(root, form, page, items, choices)));
    }

    /** A brick's page; an HTML 404 page when nothing is published under the name. */
    @GET
    @Path("bricks/{namespace}/{name}")
    @Produces(MediaType.TEXT_HTML)
    public Response brick(@PathParam("namespace") String namespace, @PathParam("name") String name,
                          @Context UriInfo uri) {
        String root = root(uri);
        Optional<BrickRecord> brick = brickId(namespace, name).flatMap(store::brick);
        List<VersionRecord> versions = brick.map(found -> store.versions(found.id())).orElse(List.of());
        if (versions.isEmpty()) {
            List<String> suggestions = brickId(namespace, name).map(id -> SimilarBrickIds.published(id, store))
                    .orElse(List.of());
            return page(Response.Status.NOT_FOUND, PageLayout.problem(root, stylesheet, "Brick not found",
                    "Nothing is published here as " + namespace + "/" + name + ". Check the spelling, or search "
                            + "for it.", name, suggestions));
        }
        BrickDetail detail = Documents.detail(uri.getBaseUri(), brick.get(), versions, store.distTags(brick.get().id()));
        VersionRecord latest = versions.stream().filter(v -> v.version().toString().equals(detail.latest()))
                .findFirst().orElse(versions.get(0));
        VersionDetail latestDetail = Documents.versionDetail(uri.getBaseUri(), latest, store);
        return page(Response.Status.OK, PageLayout.document(root, stylesheet, detail.id(), "",
                BrickPage.render(root, detail, latestDetail, false)));
    }

    /**
     * One version's page: the brick's page as it was at that version (its card, signer, provenance, metrics,
     * capabilities and install command), with the versions table; an HTML 404 page when the version is not published.
     */
    @GET
    @Path("bricks/{namespace}/{name}/{version}")
    @Produces(MediaType.TEXT_HTML)
    public Response version(@PathParam("namespace") String namespace, @PathParam("name") String name,
                            @PathParam("version") String version, @Context UriInfo uri) {
        String root = root(uri);
        Optional<BrickRecord> brick = brickId(namespace, name).flatMap(store::brick);
        List<VersionRecord> versions = brick.map(found -> store.versions(found.id())).orElse(List.of());
        Optional<VersionRecord> shown = versions.stream().filter(v -> v.version().toString().equals(version))
                .findFirst();
        if (shown.isEmpty()) {
            return page(Response.Status.NOT_FOUND, PageLayout.problem(root, stylesheet, "Version not found",
                    versions.isEmpty() ? "Nothing is published here as " + namespace + "/" + name + "."
                            : namespace + "/" + name + " has no version " + version + "; its page lists those it has.",
                    name));
        }
        BrickDetail detail = Documents.detail(uri.getBaseUri(), brick.get(), versions, store.distTags(brick.get().id()));
        VersionDetail shownDetail = Documents.versionDetail(uri.getBaseUri(), shown.get(), store);
        return page(Response.Status.OK, PageLayout.document(root, stylesheet, detail.id() + "@" + version, "",
                BrickPage.render(root, detail, shownDetail, true)));
    }

    /**
     * The stylesheet. Under the URL the pages link to (its current hash in {@code v}) it may be cached for a year;
     * under any other URL for an hour. Answers 304 to a matching {@code If-None-Match}.
     */
    @GET
    @Path(Stylesheet.PATH)
    @Produces("text/css")
    public Response stylesheet(@QueryParam("v") String version, @Context Request request) {
        EntityTag tag = new EntityTag(stylesheet.version());
        String cacheControl = stylesheet.version().equals(version) ? "public, max-age=31536000, immutable"
                : "public, max-age=3600";
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        Response.ResponseBuilder response = notModified != null ? notModified
                : Response.ok(stylesheet.css()).header(HttpHeaders.CONTENT_TYPE, "text/css; charset=UTF-8");
        return response.tag(tag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private static Response page(Response.Status status, String html) {
        return Response.status(status).entity(html)
                .header(HttpHeaders.CONTENT_TYPE, HTML)
                // Pages change with every publish, yank and download: revalidate rather than show a stale list.
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .build();
    }

    private static Optional<BrickId> brickId(String namespace, String name) {
        try {
            return Optional.of(new BrickId(namespace, name));
        } catch (IllegalArgumentException notAName) {
            return Optional.empty();
        }
    }

    /** The path pages link from, e.g. {@code /}; the registry may sit under a prefix behind a proxy. */
    private static String root(UriInfo uri) {
        String path = uri.getBaseUri().getRawPath();
        return path == null || path.isEmpty() ? "/" : path.endsWith("/") ? path : path + "/";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
