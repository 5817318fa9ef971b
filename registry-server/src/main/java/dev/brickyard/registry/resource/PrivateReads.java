package dev.brickyard.registry.resource;

import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.registry.auth.Tokens;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A private registry ({@code brick registry serve --private}): every request needs a valid token of the registry,
 * whatever its scopes, except the health checks and the API description. API clients send it as
 * {@code Authorization: Bearer}; a browser sends it as the password of HTTP Basic authentication (any user name),
 * which the 401's {@code WWW-Authenticate: Basic} challenge makes it ask for. Hosts following a private registry
 * send theirs with {@code brick host serve --registry-token-file}.
 */
@Priority(Priorities.AUTHENTICATION - 10)
public final class PrivateReads implements ContainerRequestFilter {
    private final Tokens tokens;

    @Context
    private ResourceInfo resource;

    public PrivateReads(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> type = resource.getResourceClass();
        if (type == null || type == HealthResource.class || type == OpenApiResource.class) {
            return; // nothing matched (the 404 tells nothing), or open to all
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (tokens.holder(bearer(authorization)).isPresent()) {
            return;
        }
        String detail = authorization == null ? "this registry is private: send a token of this registry as "
                + "'Authorization: Bearer <token>' (or as the password of HTTP Basic authentication)"
                : "the token is not one of this registry's valid tokens (unknown or revoked)";
        request.abortWith(Response.fromResponse(new ProblemMapper().problemFor(ErrorCode.UNAUTHORIZED, detail,
                        request.getUriInfo().getRequestUri().getRawPath()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"brickyard\", charset=\"UTF-8\"").build());
    }

    /** The header as a bearer header: a Basic one's password becomes the bearer token. */
    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return authorization;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return Optional.of(colon).filter(at -> at >= 0).map(at -> "Bearer " + pair.substring(at + 1))
                    .orElse(null);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
