package dev.brickyard.host.http;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.host.precision.PrecisionVerdict;
import dev.brickyard.host.trust.TrustVerdict;
import dev.brickyard.http.host.BrickDocument;
import dev.brickyard.http.host.BrickList;
import dev.brickyard.http.host.ChangeBody;
import dev.brickyard.http.problem.ErrorCode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;

/**
 * The installed bricks: list, install (by registry reference or as an uploaded bundle), swap, roll back and
 * uninstall, each while requests are being served.
 */
@Path("/v1/bricks")
@RequiresScope(HostScope.INFER)
@Produces(MediaType.APPLICATION_JSON)
public final class BricksResource {
    private final BrickHost host;
    private final RegistryInstaller registry;
    private final HostMetrics metrics;

    /** @param registry where references are installed from, or null */
    public BricksResource(BrickHost host, RegistryInstaller registry, HostMetrics metrics) {
        this.host = host;
        this.registry = registry;
        this.metrics = metrics;
    }

    /** The installed bricks, in install order, as {@code {"items": [...]}}. */
    @GET
    public BrickList list() {
        return new BrickList(host.bricks().stream().map(this::document).toList());
    }

    @GET
    @Path("{namespace}/{name}")
    public BrickDocument brick(@PathParam("namespace") String namespace, @PathParam("name") String name)
            throws BrickException {
        BrickId id = id(namespace, name);
        return host.bricks().stream().filter(brick -> brick.id().equals(id)).findFirst().map(this::document)
                .orElseThrow(() -> new dev.brickyard.api.BrickNotFoundException(id + " is not installed"));
    }

    /** Installs {@code {"ref": "ns/name@range"}}: resolved by the registry, downloaded, digest-checked, installed. */
    @POST
    @RequiresScope(HostScope.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response install(ChangeBody body, @Context UriInfo uri) throws BrickException, IOException {
        if (body == null || body.ref() == null || body.ref().isBlank()) {
            throw new HostException(ErrorCode.BAD_REQUEST, "send {\"ref\": \"namespace/name@range\"}");
        }
        BrickRef ref = reference(body.ref());
        InstalledBrick installed = recorded("install", () -> fromRegistry(ref.toString(), false));
        return created(installed, uri);
    }

    /** Installs the bundle sent as the body. */
    @POST
    @RequiresScope(HostScope.ADMIN)
    @Consumes({"application/java-archive", "application/zip", MediaType.APPLICATION_OCTET_STREAM})
    public Response installBundle(InputStream bundle, @Context UriInfo uri) throws BrickException, IOException {
        return created(recorded("install", () -> host.install(bundle)), uri);
    }

    /**
     * Swaps to {@code {"version": "1.3.0"}}, the best of {@code {"range": "^1"}} or the version a dist-tag points at
     * ({@code {"range": "stable"}}), from the registry.
     */
    @PUT
    @RequiresScope(HostScope.ADMIN)
    @Path("{namespace}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public BrickDocument swap(@PathParam("namespace") String namespace, @PathParam("name") String name,
                              ChangeBody body) throws BrickException, IOException {
        BrickId id = id(namespace, name);
        if (body == null || (body.version() == null) == (body.range() == null)) {
            throw new HostException(ErrorCode.BAD_REQUEST, "send {\"version\": \"1.3.0\"} or {\"range\": \"^1\"}");
        }
        String range = body.version() != null ? "=" + body.version().strip() : body.range().strip();
        BrickRef ref = reference(id + "@" + range);
        return document(recorded("swap", () -> fromRegistry(ref.toString(), true)));
    }

    /** Swaps to the bundle sent as the body (its id must be this one). */
    @PUT
    @RequiresScope(HostScope.ADMIN)
    @Path("{namespace}/{name}")
    @Consumes({"application/java-archive", "application/zip", MediaType.APPLICATION_OCTET_STREAM})
    public BrickDocument swapBundle(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                    InputStream bundle) throws BrickException, IOException {
        BrickId id = id(namespace, name);
        return document(recorded("swap", () -> host.update(id, bundle)));
    }

    @POST
    @RequiresScope(HostScope.ADMIN)
    @Path("{namespace}/{name}/rollback")
    public BrickDocument rollback(@PathParam("namespace") String namespace, @PathParam("name") String name)
            throws BrickException, IOException {
        BrickId id = id(namespace, name);
        return document(recorded("rollback", () -> host.rollback(id)));
    }

    @DELETE
    @RequiresScope(HostScope.ADMIN)
    @Path("{namespace}/{name}")
    public Response uninstall(@PathParam("namespace") String namespace, @PathParam("name") String name)
            throws BrickException, IOException {
        BrickId id = id(namespace, name);
        recorded("uninstall", () -> {
            host.uninstall(id);
            return null;
        });
        return Response.noContent().build();
    }

    private InstalledBrick fromRegistry(String reference, boolean swap) throws BrickException, IOException {
        if (registry == null) {
            throw new HostException(ErrorCode.NO_REGISTRY, "this host was started without --registry; "
                    + "send the bundle itself (Content-Type: application/java-archive) instead");
        }
        return swap ? registry.swap(reference) : registry.install(reference);
    }

    private interface Change {
        InstalledBrick apply() throws BrickException, IOException;
    }

    private InstalledBrick recorded(String operation, Change change) throws BrickException, IOException {
        boolean succeeded = false;
        try {
            InstalledBrick result = change.apply();
            succeeded = true;
            return result;
        } finally {
            metrics.change(operation, succeeded);
        }
    }

    private Response created(InstalledBrick installed, UriInfo uri) {
        return Response.created(uri.getBaseUri().resolve("v1/bricks/" + installed.id())).entity(document(installed))
                .build();
    }

    private BrickDocument document(InstalledBrick brick) {
        TrustVerdict trust = host.trust(brick);
        PrecisionVerdict precision = host.precision(brick);
        return new BrickDocument(brick.id().toString(), brick.version().toString(), brick.kind().jsonName(),
                brick.labels(), brick.sha256(), brick.weightBytes(),
                host.history(brick.id()).stream().map(previous -> previous.version().toString()).toList(),
                new BrickDocument.Signature(trust.verified(), trust.fingerprint(), trust.keyName()),
                precision == null ? null : new BrickDocument.Precision(precision.trainedOn(), precision.servedAt(),
                        precision.agreement(), precision.outcome().jsonName()));
    }

    private static BrickId id(String namespace, String name) {
        return InferResource.brickId(namespace + "/" + name);
    }

    private static BrickRef reference(String text) {
        try {
            return BrickRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw new HostException(ErrorCode.BAD_REQUEST, "'" + text + "' is not a reference such as "
                    + "acme/sentiment@^1.2: " + e.getMessage());
        }
    }
}
