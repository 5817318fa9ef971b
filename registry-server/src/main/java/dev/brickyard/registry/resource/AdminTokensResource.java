package dev.brickyard.registry.resource;

import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.registry.CreatedToken;
import dev.brickyard.http.registry.TokenInfo;
import dev.brickyard.http.registry.TokenList;
import dev.brickyard.http.registry.TokenRequest;
import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.TokenRecord;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The token administration API, {@code /v1/admin/tokens}: create, list and revoke tokens while the registry serves.
 * Every method needs an admin token ({@link AdminAuthentication}: 401 without a valid token, 403 for a token without
 * the {@code admin} scope); each change is logged with the admin token that made it.
 */
@Path("/v1/admin/tokens")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public final class AdminTokensResource {
    private static final Logger LOG = Logger.getLogger(AdminTokensResource.class.getName());
    private static final String NAMESPACE = "[a-z0-9][a-z0-9-]{0,63}";

    private final Tokens tokens;
    private final BrickStore store;

    public AdminTokensResource(Tokens tokens, BrickStore store) {
        this.tokens = tokens;
        this.store = store;
    }

    /** Creates a token and answers its secret once, with {@code Cache-Control: no-store}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context ContainerRequestContext context, TokenRequest request) {
        TokenRecord admin = AdminAuthentication.admin(context);
        if (request == null) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "send a JSON body such as {\"namespace\": \"acme\", "
                    + "\"scopes\": [\"publish\", \"yank\"]} or {\"scopes\": [\"admin\"]}");
        }
        Set<TokenRecord.Scope> scopes = scopes(request.scopes());
        Tokens.Created created;
        try {
            if (scopes.contains(TokenRecord.Scope.ADMIN)) {
                if (request.namespace() != null || scopes.size() > 1) {
                    throw new RegistryException(ErrorCode.BAD_REQUEST, "an admin token has the admin scope alone "
                            + "and no namespace");
                }
                created = tokens.createAdmin(request.description());
            } else if (request.namespace() == null) {
                throw new RegistryException(ErrorCode.BAD_REQUEST, "name the token's namespace (\"namespace\": "
                        + "\"acme\"), or ask for an admin token with \"scopes\": [\"admin\"]");
            } else {
                created = tokens.create(request.namespace(), scopes, request.description());
            }
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        TokenRecord token = created.token();
        LOG.info(() -> "token created id=" + token.id() + " namespace=" + token.namespace() + " scopes="
                + String.join(",", token.scopeNames()) + " by=" + admin.id());
        return Response.status(Response.Status.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new CreatedToken(Documents.tokenInfo(token), created.secret())).build();
    }

    /** Lists tokens, newest first, revoked ones included; {@code namespace} keeps that namespace's only. */
    @GET
    public TokenList list(@QueryParam("namespace") String namespace) {
        if (namespace != null && !namespace.matches(NAMESPACE)) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "not a namespace (lower-case letters, digits, "
                    + "hyphens): " + namespace);
        }
        List<TokenInfo> items = store.tokens(namespace).stream().map(Documents::tokenInfo).toList();
        return new TokenList(items);
    }

    /** Revokes a token at once: its next request is answered 401. */
    @DELETE
    @Path("{id}")
    public TokenInfo revoke(@Context ContainerRequestContext context, @PathParam("id") String id) {
        TokenRecord admin = AdminAuthentication.admin(context);
        TokenRecord revoked = tokens.revoke(id);
        LOG.info(() -> "token revoked id=" + id + " by=" + admin.id());
        return Documents.tokenInfo(revoked);
    }

    private static Set<TokenRecord.Scope> scopes(List<String> names) {
        if (names == null) {
            return TokenRecord.Scope.NAMESPACE_SCOPES;
        }
        if (names.isEmpty()) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "a token needs at least one scope (publish, yank; "
                    + "or admin alone)");
        }
        Set<TokenRecord.Scope> scopes = EnumSet.noneOf(TokenRecord.Scope.class);
        for (String name : names) {
            try {
                scopes.add(TokenRecord.Scope.parse(name == null ? "" : name));
            } catch (IllegalArgumentException e) {
                throw new RegistryException(ErrorCode.BAD_REQUEST, e.getMessage());
            }
        }
        return scopes;
    }
}
