package dev.brickyard.host.http;

import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.access.HostTokens;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.server.MetricsResource;
import dev.brickyard.http.server.RequestRefusedException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;

/**
 * Lets a request through only with a bearer token of the scope its resource needs ({@link RequiresScope},
 * {@link OpenToAll}; {@code /metrics} needs {@code infer}): no or an unknown token is {@code unauthorized} (401), a token without the scope
 * {@code forbidden} (403). Runs before a request is admitted, so requests without a valid token never take a worker.
 */
@Priority(Priorities.AUTHENTICATION - 60)
final class TokenFilter implements ContainerRequestFilter {
    private final HostTokens tokens;

    @Context
    private ResourceInfo resource;

    TokenFilter(HostTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null || marked(method, OpenToAll.class)) {
            return; // nothing matched (the 404 or 405 tells nothing), or a resource open to all
        }
        HostScope needed = neededScope(method);
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new RequestRefusedException(ErrorCode.UNAUTHORIZED, "this host needs a token with the '"
                    + needed.jsonName() + "' scope: send 'Authorization: Bearer <token>'; its operator makes one "
                    + "with 'brick host token create --scope " + needed.jsonName() + "'", 0);
        }
        HostTokens.Token token = tokens.authenticate(authorization.substring(7).strip()).orElseThrow(() ->
                new RequestRefusedException(ErrorCode.UNAUTHORIZED, "the token is not one of this host's valid "
                        + "tokens (unknown, malformed or revoked)", 0));
        if (!token.allows(needed)) {
            throw new RequestRefusedException(ErrorCode.FORBIDDEN, "the token " + token.id() + " lacks the '"
                    + needed.jsonName() + "' scope this needs", 0);
        }
    }

    private HostScope neededScope(Method method) {
        if (resource.getResourceClass() == MetricsResource.class) {
            return HostScope.INFER; // shared with the registry, so it cannot carry the host's mark
        }
        RequiresScope scope = method.getAnnotation(RequiresScope.class);
        if (scope == null) {
            scope = resource.getResourceClass().getAnnotation(RequiresScope.class);
        }
        return scope == null ? HostScope.ADMIN : scope.value();
    }

    private boolean marked(Method method, Class<OpenToAll> mark) {
        return method.isAnnotationPresent(mark) || resource.getResourceClass().isAnnotationPresent(mark);
    }
}
