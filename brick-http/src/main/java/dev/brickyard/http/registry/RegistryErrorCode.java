package dev.brickyard.http.registry;

import dev.brickyard.http.problem.ProblemCode;

/**
 * Every error the HTTP API can answer with, each with its stable code and HTTP status. The code appears in the
 * problem+json body as {@code code} and in the problem type URI; clients branch on it, never on the text.
 */
public enum RegistryErrorCode implements ProblemCode {
    BAD_REQUEST(400, "The request is malformed"),
    INVALID_RANGE(400, "The version range is malformed"),
    UNAUTHORIZED(401, "A valid bearer token is required"),
    FORBIDDEN(403, "The token may not do this"),
    BRICK_NOT_FOUND(404, "No such brick"),
    VERSION_NOT_FOUND(404, "No such version"),
    NO_MATCHING_VERSION(404, "No version matches"),
    NOT_FOUND(404, "No such resource"),
    VERSION_EXISTS(409, "The version exists with other content"),
    UPLOAD_TOO_LARGE(413, "The upload is larger than the registry accepts"),
    UNSUPPORTED_MEDIA_TYPE(415, "The body must be a brick bundle"),
    RANGE_NOT_SATISFIABLE(416, "The requested byte range is outside the file"),
    BRICK_INVALID(422, "The bundle is not a valid brick"),
    BRICK_INCOMPATIBLE(422, "The brick is not built for a base model this registry knows"),
    URL_MISMATCH(422, "The bundle is not the brick the URL names"),
    INTERNAL(500, "Internal error");

    private final int status;
    private final String title;

    RegistryErrorCode(int status, String title) {
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
        return "https://brickyard.dev/problems/";
    }
}
