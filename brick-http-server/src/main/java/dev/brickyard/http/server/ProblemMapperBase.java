package dev.brickyard.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.server.ParamException;

/**
 * The one error body of both APIs: every exception becomes {@code application/problem+json} with a stable
 * {@link ErrorCode}. The API's mapper says which code each of its domain exceptions stands for
 * ({@link #domainProblem}); this base answers malformed JSON, Jersey's own errors (a path nothing is served at, a
 * method, media type or {@code Accept} the resource does not serve, each with its own status and code, a 405 with
 * its {@code Allow} header) and everything else, which is logged with an id and answered with only that id, never a
 * stack trace. Only mappers choose HTTP statuses: domain code throws domain exceptions.
 */
public abstract class ProblemMapperBase implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapperBase.class.getName());
    /** The {@code WWW-Authenticate} value of a 401: the scheme that authenticates (RFC 9110 section 11.6.1). */
    protected static final String BEARER_CHALLENGE = "Bearer realm=\"brickyard\"";

    @Context
    private UriInfo uri;

    @Override
    public final Response toResponse(Throwable failure) {
        String instance = uri == null ? null : uri.getRequestUri().getRawPath();
        Response guarded = guardProblem(failure, instance);
        if (guarded != null) {
            return guarded;
        }
        Response domain = domainProblem(failure, instance);
        if (domain != null) {
            return domain;
        }
        if (failure instanceof JsonProcessingException json) {
            return problem(ErrorCode.BAD_REQUEST, jsonDetail(json), instance);
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return webProblem(web, instance);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "error_id=" + errorId + " path=" + instance + " unhandled " + failure, failure);
        return problem(ErrorCode.INTERNAL, "internal error " + errorId + "; the server's log has the details",
                instance, List.of(), errorId);
    }

    /**
     * The answer to one of the API's own exceptions, or null when {@code failure} is not one.
     *
     * @param instance the path of the request, or null outside a request
     */
    protected abstract Response domainProblem(Throwable failure, String instance);

    /**
     * The answer when the server's limits refused the request or its body broke off, wherever in the chain of causes
     * (a domain exception may wrap the broken body); null otherwise. A broken body is logged as one line: the client
     * did it, and is most likely gone.
     */
    private Response guardProblem(Throwable failure, String instance) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestRefusedException refused) {
                Response answer = problem(refused.code(), refused.getMessage(), instance);
                return refused.retryAfterSeconds() <= 0 ? answer : Response.fromResponse(answer)
                        .header(HttpHeaders.RETRY_AFTER, refused.retryAfterSeconds()).build();
            }
            if (cause instanceof BodyBrokenException broken) {
                LOG.info(() -> "body_broken path=" + instance + " reason=\"" + broken.getMessage() + "\"");
                return problem(ErrorCode.BODY_INCOMPLETE, broken.getMessage(), instance);
            }
        }
        return null;
    }

    /** The problem for a client error Jersey raised itself. */
    private Response webProblem(WebApplicationException web, String instance) {
        if (web instanceof ParamException parameter) {
            // Jersey answers a path or query parameter it cannot convert with 404; the request is malformed.
            String kind = parameter.getParameterType().getSimpleName().replace("Param", "").toLowerCase(Locale.ROOT);
            return problem(ErrorCode.BAD_REQUEST, "the " + kind + " parameter '" + parameter.getParameterName()
                    + "' does not have the type expected", instance);
        }
        Response raised = web.getResponse();
        return switch (raised.getStatus()) {
            case 404 -> problem(ErrorCode.NOT_FOUND, "nothing is served at " + instance, instance);
            case 405 -> {
                List<String> allowed = raised.getAllowedMethods().stream().sorted().toList();
                yield Response.fromResponse(problem(ErrorCode.METHOD_NOT_ALLOWED, "this resource answers " + allowed
                        + ", not this method", instance)).header(HttpHeaders.ALLOW, String.join(", ", allowed)).build();
            }
            case 406 -> problem(ErrorCode.NOT_ACCEPTABLE, "this resource cannot answer in a media type the "
                    + "request's Accept header allows", instance);
            case 415 -> problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "this resource does not read a body of this "
                    + "Content-Type", instance);
            default -> problem(ErrorCode.BAD_REQUEST, web.getMessage(), instance);
        };
    }

    /**
     * What is wrong with a body that is not the JSON expected, in the API's terms: the field by its JSON path, never
     * the server's class names (Jackson's own messages name them).
     */
    static String jsonDetail(JsonProcessingException json) {
        if (json instanceof UnrecognizedPropertyException unknown) {
            return "the body has an unknown field " + path(unknown) + "; the fields here are "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        }
        if (json instanceof MismatchedInputException mismatched) {
            String at = path(mismatched);
            return at.equals("$") ? "the body is not the JSON object expected"
                    : "the body's field " + at + " does not have the type expected";
        }
        return "the body is not the JSON expected: " + json.getOriginalMessage().replaceAll("\\s+", " ");
    }

    /** The JSON path of the value a Jackson error is about, e.g. {@code $.route.topK} or {@code $.texts[2]}. */
    private static String path(MismatchedInputException failure) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference reference : failure.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A problem answer with {@code code}'s status. */
    protected final Response problem(ErrorCode code, String detail, String instance) {
        return problem(code, detail, instance, List.of(), null);
    }

    /**
     * A problem answer with {@code code}'s status, the violations of a refused brick and an internal error's id. A 401
     * names the scheme that authenticates (RFC 9110 section 11.6.1): {@code WWW-Authenticate: Bearer}.
     */
    protected final Response problem(ErrorCode code, String detail, String instance, List<Violation> violations,
                                     String errorId) {
        return problem(code, detail, instance, violations, errorId, List.of());
    }

    /** A problem answer as above, with the "did you mean" ids of a {@code brick_not_found} (left out when empty). */
    protected Response problem(ErrorCode code, String detail, String instance, List<Violation> violations,
                               String errorId, List<String> suggestions) {
        Response.ResponseBuilder answer = Response.status(code.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(code, detail, instance, violations, errorId, suggestions));
        if (code == ErrorCode.UNAUTHORIZED) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        return answer.build();
    }
}
