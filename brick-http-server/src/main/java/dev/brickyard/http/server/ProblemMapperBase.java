package dev.brickyard.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.http.problem.Problem;
import dev.brickyard.http.problem.ProblemCode;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one error body of an API: every exception becomes {@code application/problem+json} with a stable code. The
 * API's mapper says which code each of its domain exceptions stands for ({@link #domainProblem}); this base answers
 * malformed JSON, Jersey's own errors (an unknown path, a method or media type not served: their status is kept) and
 * everything else, which is logged with an id and answered with only that id, never a stack trace. Only mappers
 * choose HTTP statuses: domain code throws domain exceptions.
 *
 * @param <C> the API's error codes
 */
public abstract class ProblemMapperBase<C extends ProblemCode> implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapperBase.class.getName());

    private final C badRequest;
    private final C notFound;
    private final C internal;

    @Context
    private UriInfo uri;

    /**
     * @param badRequest the code of a malformed request
     * @param notFound the code of a path nothing is served at
     * @param internal the code of an unexpected failure
     */
    protected ProblemMapperBase(C badRequest, C notFound, C internal) {
        this.badRequest = badRequest;
        this.notFound = notFound;
        this.internal = internal;
    }

    @Override
    public final Response toResponse(Throwable failure) {
        String instance = uri == null ? null : uri.getRequestUri().getRawPath();
        Response domain = domainProblem(failure, instance);
        if (domain != null) {
            return domain;
        }
        if (failure instanceof JsonProcessingException json) {
            return problem(badRequest, "the body is not the JSON expected: " + json.getOriginalMessage(), instance);
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return Response.fromResponse(webProblem(web, instance)).status(web.getResponse().getStatus()).build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "error_id=" + errorId + " path=" + instance + " unhandled " + failure, failure);
        return problem(internal, "internal error " + errorId + "; the server's log has the details", instance,
                List.of(), errorId);
    }

    /**
     * The answer to one of the API's own exceptions, or null when {@code failure} is not one.
     *
     * @param instance the path of the request, or null outside a request
     */
    protected abstract Response domainProblem(Throwable failure, String instance);

    /**
     * The problem for a client error Jersey raised itself; its status is kept. By default a 404 says that nothing
     * is served at the path, any other status is a bad request with Jersey's message.
     */
    protected Response webProblem(WebApplicationException web, String instance) {
        return web.getResponse().getStatus() == 404
                ? problem(notFound, "nothing is served at " + instance, instance)
                : problem(badRequest, web.getMessage(), instance);
    }

    /** A problem answer with {@code code}'s status. */
    protected final Response problem(C code, String detail, String instance) {
        return problem(code, detail, instance, List.of(), null);
    }

    /** A problem answer with {@code code}'s status, the violations of a refused brick and an internal error's id. */
    protected Response problem(C code, String detail, String instance, List<Violation> violations, String errorId) {
        return Response.status(code.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(code, detail, instance, violations, errorId)).build();
    }
}
