package dev.brickyard.host.http.v2;

import dev.brickyard.http.host.v2.OpenInferenceError;
import dev.brickyard.http.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;

/**
 * Gives every error under {@code /v2} the protocol's body, {@code {"error": "..."}}, as {@code application/json}:
 * the problem document the host's one mapper made becomes its {@code detail} as {@code error}, keeping its stable
 * {@code code} (and an internal error's {@code errorId}), its status and its headers. Errors the mapper answers
 * before a resource is matched (an unknown path, a missing token, an overloaded host) are rewritten too.
 */
@Priority(Priorities.USER)
final class OpenInferenceErrors implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath(false);
        boolean v2 = path.equals("v2") || path.startsWith("v2/") || path.equals("/v2") || path.startsWith("/v2/");
        if (v2 && response.getEntity() instanceof Problem problem) {
            response.setEntity(new OpenInferenceError(problem.detail(), problem.code(), problem.errorId()),
                    response.getEntityAnnotations(), MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
