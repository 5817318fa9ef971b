package dev.brickyard.host.http;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.host.MemoryBudgetException;
import dev.brickyard.host.NoPreviousVersionException;
import dev.brickyard.host.StateNotSavedException;
import dev.brickyard.host.precision.PrecisionMismatchException;
import dev.brickyard.http.client.DigestMismatchException;
import dev.brickyard.http.client.NotInRegistryException;
import dev.brickyard.http.client.RegistryProblemException;
import dev.brickyard.http.client.RegistryUnreachableException;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.problem.OpenAiError;
import dev.brickyard.http.server.ProblemMapperBase;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * The host's problem codes for its domain exceptions; the base answers everything else. A registry that cannot be
 * reached, breaks a download off or answers with an unexpected error is the registry's failure, not the client's:
 * {@code registry_unavailable} (502). A change the host could not save in its storage folder (a full disk) is
 * {@code state_not_saved} (507): the change was not made, and may succeed once there is room.
 *
 * <p>On the OpenAI-compatible paths ({@code /v1/embeddings}, {@code /v1/models}) the same code and status come in
 * OpenAI's error body ({@link OpenAiError}), the one OpenAI's clients read, whatever refused the request (a token, a
 * limit, a malformed body).
 */
@Provider
public final class ProblemMapper extends ProblemMapperBase {
    @Override
    protected Response domainProblem(Throwable failure, String instance) {
        if (failure instanceof HostException host) {
            return openAi(instance) ? openAiError(host.code(), host.getMessage(), host.param())
                    : problem(host.code(), host.getMessage(), instance);
        }
        if (failure instanceof RegistryUnreachableException) {
            return problem(ErrorCode.REGISTRY_UNAVAILABLE, failure.getMessage(), instance);
        }
        if (failure instanceof BrickException brick) {
            ErrorCode code = code(brick);
            return code == ErrorCode.INTERNAL ? null : problem(code, brick.getMessage(), instance,
                    brick instanceof MalformedBrickException malformed ? malformed.violations() : List.of(), null,
                    brick instanceof BrickNotFoundException notFound ? notFound.suggestions() : List.of());
        }
        return null;
    }

    @Override
    protected Response problem(ErrorCode code, String detail, String instance, List<Violation> violations,
                               String errorId, List<String> suggestions) {
        return openAi(instance) ? openAiError(code, detail, null)
                : super.problem(code, detail, instance, violations, errorId, suggestions);
    }

    /** Whether a request path is one of the OpenAI-compatible endpoints, which answer errors in OpenAI's shape. */
    static boolean openAi(String path) {
        return path != null && (path.equals("/v1/embeddings") || path.startsWith("/v1/embeddings/")
                || path.equals("/v1/models") || path.startsWith("/v1/models/"));
    }

    /** OpenAI's error body with the code's status; an internal error's id is in its message. */
    private static Response openAiError(ErrorCode code, String detail, String param) {
        Response.ResponseBuilder answer = Response.status(code.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(OpenAiError.of(code, detail, param));
        if (code == ErrorCode.UNAUTHORIZED) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        return answer.build();
    }

    static ErrorCode code(BrickException brick) {
        if (brick instanceof UntrustedBrickException untrusted) {
            return ErrorCode.of(untrusted.reason());
        }
        if (brick instanceof NotInRegistryException) {
            return ErrorCode.BRICK_NOT_FOUND;
        }
        if (brick instanceof RegistryProblemException) {
            return ErrorCode.REGISTRY_UNAVAILABLE;
        }
        if (brick instanceof DigestMismatchException) {
            return ErrorCode.DIGEST_MISMATCH;
        }
        if (brick instanceof BrickNotFoundException) {
            return ErrorCode.BRICK_NOT_INSTALLED;
        }
        if (brick instanceof NoPreviousVersionException) {
            return ErrorCode.NO_PREVIOUS_VERSION;
        }
        if (brick instanceof BrickConflictException) {
            return ErrorCode.BRICK_INSTALLED;
        }
        if (brick instanceof MalformedBrickException) {
            return ErrorCode.BRICK_INVALID;
        }
        if (brick instanceof MemoryBudgetException) {
            return ErrorCode.MEMORY_BUDGET_EXCEEDED;
        }
        if (brick instanceof StateNotSavedException) {
            return ErrorCode.STATE_NOT_SAVED;
        }
        if (brick instanceof PrecisionMismatchException) {
            return ErrorCode.PRECISION_MISMATCH;
        }
        if (brick instanceof IncompatibleBrickException) {
            return ErrorCode.BRICK_INCOMPATIBLE;
        }
        if (brick instanceof BrickExecutionException) {
            return ErrorCode.BRICK_FAILED;
        }
        return ErrorCode.INTERNAL;
    }
}
