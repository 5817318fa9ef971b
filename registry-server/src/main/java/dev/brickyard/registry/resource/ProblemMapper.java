package dev.brickyard.registry.resource;

import dev.brickyard.api.Violation;
import dev.brickyard.registry.api.ErrorCode;
import dev.brickyard.registry.api.Problem;
import dev.brickyard.registry.api.RegistryException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one error body of the API: every exception becomes {@code application/problem+json} with a stable code.
 * Internal errors are logged with an id and answered with only that id, never a stack trace.
 */
@Provider
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        String instance = uri == null ? null : uri.getRequestUri().getRawPath();
        if (failure instanceof RegistryException e) {
            return respond(e.code(), e.getMessage(), e.violations(), instance, null);
        }
        if (failure instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return respond(ErrorCode.BAD_REQUEST, "the body is not the JSON expected: " + json.getOriginalMessage(),
                    List.of(), instance, null);
        }
        if (failure instanceof NotFoundException) {
            return respond(ErrorCode.NOT_FOUND, "nothing is served at " + instance, List.of(), instance, null);
        }
        if (failure instanceof NotSupportedException) {
            return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the bundle as application/java-archive "
                    + "(or application/octet-stream)", List.of(), instance, null);
        }
        if (failure instanceof NotAllowedException || failure instanceof NotAcceptableException) {
            WebApplicationException web = (WebApplicationException) failure;
            Response problem = respond(ErrorCode.BAD_REQUEST, failure.getMessage(), List.of(), instance, null);
            return Response.fromResponse(problem).status(web.getResponse().getStatus()).build();
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return respond(ErrorCode.BAD_REQUEST, failure.getMessage(), List.of(), instance, null);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "error_id=" + errorId + " path=" + instance + " unhandled " + failure, failure);
        return respond(ErrorCode.INTERNAL, "internal error " + errorId + "; the server log has the details",
                List.of(), instance, errorId);
    }

    static Response respond(ErrorCode code, String detail, List<Violation> violations, String instance,
                            String errorId) {
        Response.ResponseBuilder response = Response.status(code.status()).type(Problem.MEDIA_TYPE)
                .entity(problem(code, detail, violations, instance, errorId));
        if (code == ErrorCode.UNAUTHORIZED) {
            response.header("WWW-Authenticate", "Bearer realm=\"brickyard\"");
        }
        return response.build();
    }

    static Problem problem(ErrorCode code, String detail, String instance, String errorId) {
        return problem(code, detail, List.of(), instance, errorId);
    }

    static Problem problem(ErrorCode code, String detail, List<Violation> violations, String instance,
                           String errorId) {
        return new Problem(code.type(), code.title(), code.status(), detail, code.code(), instance,
                violations.isEmpty() ? null : violations.stream()
                        .map(v -> new Problem.ProblemViolation(v.path(), v.message())).toList(), errorId);
    }
}
