package dev.brickyard.host.http;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.host.MemoryBudgetException;
import dev.brickyard.host.NoPreviousVersionException;
import dev.brickyard.http.client.DigestMismatchException;
import dev.brickyard.http.client.NotInRegistryException;
import dev.brickyard.http.client.RegistryProblemException;
import dev.brickyard.http.client.RegistryUnreachableException;
import dev.brickyard.http.host.HostErrorCode;
import dev.brickyard.http.server.ProblemMapperBase;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * The host's problem codes for its domain exceptions; the base answers everything else. A registry that cannot be
 * reached, breaks a download off or answers with an unexpected error is the registry's failure, not the client's:
 * {@code registry_unavailable} (502).
 */
@Provider
public final class ProblemMapper extends ProblemMapperBase<HostErrorCode> {

    public ProblemMapper() {
        super(HostErrorCode.BAD_REQUEST, HostErrorCode.NOT_FOUND, HostErrorCode.INTERNAL);
    }

    @Override
    protected Response domainProblem(Throwable failure, String instance) {
        if (failure instanceof HostException host) {
            return problem(host.code(), host.getMessage(), instance);
        }
        if (failure instanceof RegistryUnreachableException) {
            return problem(HostErrorCode.REGISTRY_UNAVAILABLE, failure.getMessage(), instance);
        }
        if (failure instanceof BrickException brick) {
            HostErrorCode code = code(brick);
            return code == HostErrorCode.INTERNAL ? null : problem(code, brick.getMessage(), instance);
        }
        return null;
    }

    static HostErrorCode code(BrickException brick) {
        if (brick instanceof NotInRegistryException) {
            return HostErrorCode.BRICK_NOT_FOUND;
        }
        if (brick instanceof RegistryProblemException) {
            return HostErrorCode.REGISTRY_UNAVAILABLE;
        }
        if (brick instanceof DigestMismatchException) {
            return HostErrorCode.DIGEST_MISMATCH;
        }
        if (brick instanceof BrickNotFoundException) {
            return HostErrorCode.BRICK_NOT_INSTALLED;
        }
        if (brick instanceof NoPreviousVersionException) {
            return HostErrorCode.NO_PREVIOUS_VERSION;
        }
        if (brick instanceof BrickConflictException) {
            return HostErrorCode.BRICK_INSTALLED;
        }
        if (brick instanceof MalformedBrickException) {
            return HostErrorCode.BRICK_INVALID;
        }
        if (brick instanceof MemoryBudgetException) {
            return HostErrorCode.MEMORY_BUDGET_EXCEEDED;
        }
        if (brick instanceof IncompatibleBrickException) {
            return HostErrorCode.BRICK_INCOMPATIBLE;
        }
        if (brick instanceof BrickExecutionException) {
            return HostErrorCode.BRICK_FAILED;
        }
        return HostErrorCode.INTERNAL;
    }
}
