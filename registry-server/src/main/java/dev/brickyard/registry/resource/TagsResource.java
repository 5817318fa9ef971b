package dev.brickyard.registry.resource;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.DistTag;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.registry.DistTagRequest;
import dev.brickyard.http.registry.DistTags;
import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.TokenRecord;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * A brick's dist-tags: {@code GET /v1/bricks/{ns}/{name}/tags} lists them (the implicit {@code latest} included),
 * {@code PUT .../tags/{tag}} with {@code {"version": "1.2.0"}} points a tag at a version and {@code DELETE
 * .../tags/{tag}} removes it. Changing a tag takes a token of the brick's namespace with the publish scope: moving
 * {@code stable} changes what its users install, as publishing does. A tag may not be pointed at a yanked version; a
 * tag whose version is yanked later keeps pointing at it (and resolves to it, marked yanked) until its owner moves it.
 */
@Path("/v1/bricks/{namespace}/{name}/tags")
@Produces(MediaType.APPLICATION_JSON)
public final class TagsResource {
    private final BrickStore store;
    private final Tokens tokens;

    public TagsResource(BrickStore store, Tokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    @GET
    public DistTags list(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        return tags(existing(namespace, name));
    }

    @PUT
    @Path("{tag}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DistTags set(@PathParam("namespace") String namespace, @PathParam("name") String name,
                        @PathParam("tag") String tag, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                        DistTagRequest request) {
        BrickId id = Params.brickId(namespace, name);
        settable(tag);
        if (request == null || request.version() == null || request.version().isBlank()) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "name the version the tag points at: "
                    + "{\"version\": \"1.2.0\"}");
        }
        SemVer version = Params.version(request.version().strip());
        TokenRecord token = tokens.authorize(authorization, id, TokenRecord.Scope.PUBLISH);
        existing(namespace, name);
        switch (store.setDistTag(id, tag, version, token.id())) {
            case VERSION_NOT_FOUND -> throw new RegistryException(ErrorCode.VERSION_NOT_FOUND, id + "@" + version
                    + " is not published here");
            case VERSION_YANKED -> throw new RegistryException(ErrorCode.VERSION_YANKED, id + "@" + version
                    + " is yanked; a tag may only point at a version that is not (unyank it first, or pick another)");
            case SET, UNCHANGED -> {
            }
        }
        return tags(id);
    }

    @DELETE
    @Path("{tag}")
    public DistTags remove(@PathParam("namespace") String namespace, @PathParam("name") String name,
                           @PathParam("tag") String tag,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        BrickId id = Params.brickId(namespace, name);
        settable(tag);
        tokens.authorize(authorization, id, TokenRecord.Scope.PUBLISH);
        existing(namespace, name);
        if (store.removeDistTag(id, tag).isEmpty()) {
            throw new RegistryException(ErrorCode.TAG_NOT_FOUND, id + " has no tag '" + tag + "'");
        }
        return tags(id);
    }

    private DistTags tags(BrickId id) {
        return new DistTags(id.toString(), Documents.distTags(store.versions(id), store.distTags(id)));
    }

    private BrickId existing(String namespace, String name) {
        BrickId id = Params.brickId(namespace, name);
        if (store.brick(id).isEmpty()) {
            throw RegistryException.brickNotFound(id, store);
        }
        return id;
    }

    private static void settable(String tag) {
        try {
            DistTag.requireSettable(tag);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.TAG_INVALID, e.getMessage());
        }
    }
}
