package dev.brickyard.http.host;

import dev.brickyard.http.problem.ProblemCode;

/** Every error the host's HTTP API answers with: a stable code (clients branch on it) and its HTTP status. */
public enum HostErrorCode implements ProblemCode {
    BAD_REQUEST(400, "The request is malformed"),
    BRICK_NOT_INSTALLED(404, "No such brick is installed"),
    BRICK_NOT_FOUND(404, "The registry has no such brick or no matching version"),
    NOT_FOUND(404, "No such resource"),
    BRICK_INSTALLED(409, "The brick is already installed"),
    NO_PREVIOUS_VERSION(409, "There is no earlier version to roll back to"),
    BRICK_INVALID(422, "The bundle is not a valid brick"),
    BRICK_INCOMPATIBLE(422, "The brick cannot run on this host's base model"),
    BRICK_FAILED(422, "The brick loaded but failed its smoke test"),
    MEMORY_BUDGET_EXCEEDED(507, "The brick does not fit in the host's brick memory budget"),
    NO_REGISTRY(400, "The host was started without a registry"),
    REGISTRY_UNAVAILABLE(502, "The registry could not be reached or its download broke off"),
    DIGEST_MISMATCH(502, "The downloaded bytes do not have the registry's digest"),
    INTERNAL(500, "Internal error");

    private final int status;
    private final String title;

    HostErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String typePrefix() {
        return "https://brickyard.dev/problems/host/";
    }
}
