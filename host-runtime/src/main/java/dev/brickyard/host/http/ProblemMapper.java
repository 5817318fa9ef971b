package dev.brickyard.host.http;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.host.MemoryBudgetException;
import dev.brickyard.host.NoPreviousVersionException;
import dev.brickyard.host.registry.DigestMismatchException;
import dev.brickyard.host.registry.NotInRegistryException;
import dev.brickyard.host.registry.RegistryUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception into a problem document: domain exceptions get their stable code, Jersey's own errors (an
 * unknown path, a body that is not JSON) keep their status, and anything else is a 500 that shows only an error id.
 */
@Provider
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        Throwable cause = failure;
        if (failure instanceof HostException host) {
            return problem(host.code(), host.getMessage(), null);
        }
        if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return problem(HostErrorCode.BAD_REQUEST, "the body is not the JSON expected: " + json.getOriginalMessage(),
                    null);
        }
        if (cause instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            HostErrorCode code = status == 404 ? HostErrorCode.NOT_FOUND : HostErrorCode.BAD_REQUEST;
            if (status >= 500) {
                return internal(failure);
            }
            return Response.fromResponse(problem(code, web.getMessage(), null)).status(status).build();
        }
        if (cause instanceof BrickException brick) {
            return problem(code(brick), brick.getMessage(), null);
        }
        return internal(failure);
    }

    static HostErrorCode code(BrickException brick) {
        if (brick instanceof NotInRegistryException) {
            return HostErrorCode.BRICK_NOT_FOUND;
        }
        if (brick instanceof RegistryUnavailableException) {
            return HostErrorCode.REGISTRY_UNAVAILABLE;
        }
        if (brick instanceof DigestMismatchException) {
            return HostErrorCode.DIGEST_MISMATCH;
        }
        if (brick instanceof BrickNotFoundException) {
            return HostErrorCode.BRICK_NOT_INSTALLED;
        }
        if (brick instanceof BrickConflictException) {
            return HostErrorCode.BRICK_INSTALLED;
        }
        if (brick instanceof NoPreviousVersionException) {
            return HostErrorCode.NO_PREVIOUS_VERSION;
        }
        if (brick instanceof MalformedBrickException) {
            return HostErrorCode.BRICK_INVALID;
        }
        if (brick instanceof IncompatibleBrickException) {
            return HostErrorCode.BRICK_INCOMPATIBLE;
        }
        if (brick instanceof BrickExecutionException) {
            return HostErrorCode.BRICK_FAILED;
        }
        if (brick instanceof MemoryBudgetException) {
            return HostErrorCode.MEMORY_BUDGET_EXCEEDED;
        }
        return HostErrorCode.INTERNAL;
    }

    private static Response internal(Throwable failure) {
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "error " + errorId, failure);
        return problem(HostErrorCode.INTERNAL, "internal error; the host's log has the details under this id",
                errorId);
    }

    static Response problem(HostErrorCode code, String detail, String errorId) {
        return Response.status(code.status())
                .type(HostProblem.MEDIA_TYPE)
                .entity(new HostProblem(code.type(), code.title(), code.status(), detail, code.code(), errorId))
                .build();
    }
}
