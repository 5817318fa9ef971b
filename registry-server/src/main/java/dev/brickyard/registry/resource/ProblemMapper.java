package dev.brickyard.registry.resource;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.MalformedProvenanceException;
import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.problem.Problem;
import dev.brickyard.http.server.ProblemMapperBase;
import dev.brickyard.registry.auth.NotPermittedException;
import dev.brickyard.registry.auth.TokenNotFoundException;
import dev.brickyard.registry.auth.TokenRevokedException;
import dev.brickyard.registry.auth.UnauthenticatedException;
import dev.brickyard.registry.blob.BlobTooLargeException;
import dev.brickyard.registry.publish.UploadBrokenException;
import dev.brickyard.registry.publish.WrongBrickException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * The registry's problem codes for its domain exceptions (a refused token, a refused upload) and for the
 * {@link RegistryException}s its resources raise; the base answers everything else.
 */
@Provider
public final class ProblemMapper extends ProblemMapperBase {
    @Override
    protected Response domainProblem(Throwable failure, String instance) {
        if (failure instanceof RegistryException e) {
            return problem(e.code(), e.getMessage(), instance, e.violations(), null, e.suggestions());
        }
        ErrorCode code = code(failure);
        if (code == null) {
            return null;
        }
        String detail = failure instanceof BlobTooLargeException
                ? failure.getMessage() + " (the registry's --max-upload)" : failure.getMessage();
        List<Violation> violations = failure instanceof MalformedBrickException malformed
                ? malformed.violations() : List.of();
        return problem(code, detail, instance, violations, null);
    }

    /** The code of a domain exception, or null for any other. */
    private static ErrorCode code(Throwable failure) {
        if (failure instanceof UntrustedBrickException untrusted) {
            return ErrorCode.of(untrusted.reason());
        }
        if (failure instanceof UnauthenticatedException) {
            return ErrorCode.UNAUTHORIZED;
        }
        if (failure instanceof NotPermittedException) {
            return ErrorCode.FORBIDDEN;
        }
        if (failure instanceof TokenNotFoundException) {
            return ErrorCode.TOKEN_NOT_FOUND;
        }
        if (failure instanceof TokenRevokedException) {
            return ErrorCode.TOKEN_REVOKED;
        }
        if (failure instanceof BlobTooLargeException) {
            return ErrorCode.UPLOAD_TOO_LARGE;
        }
        if (failure instanceof UploadBrokenException) {
            return ErrorCode.BAD_REQUEST;
        }
        if (failure instanceof WrongBrickException) {
            return ErrorCode.URL_MISMATCH;
        }
        if (failure instanceof BrickConflictException) {
            return ErrorCode.VERSION_EXISTS;
        }
        if (failure instanceof MalformedProvenanceException) {
            return ErrorCode.PROVENANCE_INVALID;
        }
        if (failure instanceof MalformedBrickException) {
            return ErrorCode.BRICK_INVALID;
        }
        if (failure instanceof IncompatibleBrickException) {
            return ErrorCode.BRICK_INCOMPATIBLE;
        }
        return null;
    }

    /** The problem answer for {@code code}, as filters that answer a request themselves send it. */
    Response problemFor(ErrorCode code, String detail, String instance) {
        return problem(code, detail, instance);
    }

    /** The problem document for {@code code}, as the web pages and the event stream write it themselves. */
    static Problem document(ErrorCode code, String detail, String instance) {
        return Problem.of(code, detail, instance, List.of(), null);
    }
}
