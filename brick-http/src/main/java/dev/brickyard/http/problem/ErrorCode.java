package dev.brickyard.http.problem;

import dev.brickyard.api.UntrustedBrickException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every error the registry's and the host's HTTP APIs answer with, each with its stable code, its HTTP status and the
 * APIs that use it. The code appears in the problem+json body as {@code code} and in the problem type URI; clients
 * branch on it, never on the text. A code means the same thing in both APIs.
 */
public enum ErrorCode {
    BAD_REQUEST(400, "The request is malformed", Api.REGISTRY, Api.HOST),
    KEY_INVALID(400, "The body is not a PEM public key, or its fingerprint is not the one the URL names",
            Api.REGISTRY),
    BODY_INCOMPLETE(400, "The request body broke off or stalled before its end", Api.REGISTRY, Api.HOST),
    INVALID_RANGE(400, "The version range is malformed", Api.REGISTRY),
    TAG_INVALID(400, "The tag name is malformed, reads as a version, or is the implicit 'latest'", Api.REGISTRY),
    NO_REGISTRY(400, "The host was started without a registry", Api.HOST),
    UNAUTHORIZED(401, "A valid bearer token is required", Api.REGISTRY, Api.HOST),
    FORBIDDEN(403, "The token may not do this", Api.REGISTRY, Api.HOST),
    ORIGIN_NOT_ALLOWED(403, "The request's Origin is not one the server was configured to accept", Api.HOST),
    UNSIGNED_BRICK(403, "The brick is unsigned, but a signature is required", Api.REGISTRY, Api.HOST),
    SIGNER_NOT_TRUSTED(403, "The brick's signer is not trusted for its namespace", Api.REGISTRY, Api.HOST),
    KEY_NOT_REGISTERED(403, "The brick's signing key is not registered for its namespace", Api.REGISTRY),
    KEY_REVOKED(403, "The brick's signing key was revoked by its namespace", Api.REGISTRY),
    BRICK_NOT_FOUND(404, "The registry has no such brick or no matching version", Api.REGISTRY, Api.HOST),
    VERSION_NOT_FOUND(404, "No such version", Api.REGISTRY),
    NO_MATCHING_VERSION(404, "No version matches", Api.REGISTRY),
    TAG_NOT_FOUND(404, "The brick has no such tag", Api.REGISTRY),
    BRICK_NOT_INSTALLED(404, "No such brick is installed", Api.HOST),
    MODEL_NOT_FOUND(404, "The host serves no such model (OpenAI-compatible endpoints)", Api.HOST),
    TOKEN_NOT_FOUND(404, "No token has this id", Api.REGISTRY),
    NOT_FOUND(404, "No such resource", Api.REGISTRY, Api.HOST),
    METHOD_NOT_ALLOWED(405, "The resource does not answer this method", Api.REGISTRY, Api.HOST),
    NOT_ACCEPTABLE(406, "The resource cannot answer in a media type the request accepts", Api.REGISTRY, Api.HOST),
    VERSION_EXISTS(409, "The version exists with other content", Api.REGISTRY),
    TOKEN_REVOKED(409, "The token was already revoked", Api.REGISTRY),
    VERSION_YANKED(409, "The version is yanked, so a tag may not point at it", Api.REGISTRY),
    BRICK_INSTALLED(409, "The brick is already installed", Api.HOST),
    NO_PREVIOUS_VERSION(409, "There is no earlier version to roll back to", Api.HOST),
    UPLOAD_TOO_LARGE(413, "The uploaded bundle is larger than the server accepts", Api.REGISTRY, Api.HOST),
    BODY_TOO_LARGE(413, "The request body is larger than the server accepts", Api.REGISTRY, Api.HOST),
    UNSUPPORTED_MEDIA_TYPE(415, "The body is not of a media type the resource reads", Api.REGISTRY, Api.HOST),
    RANGE_NOT_SATISFIABLE(416, "The requested byte range is outside the file", Api.REGISTRY),
    HOST_NOT_ALLOWED(421, "The request's Host header names a host the server was not configured to answer for",
            Api.HOST),
    BRICK_INVALID(422, "The bundle is not a valid brick", Api.REGISTRY, Api.HOST),
    BRICK_INCOMPATIBLE(422, "The brick cannot run on this base model", Api.REGISTRY, Api.HOST),
    SIGNATURE_INVALID(422, "The brick's signature does not verify or does not cover every entry", Api.REGISTRY,
            Api.HOST),
    PROVENANCE_INVALID(422, "The bundle's provenance statement is not an in-toto statement or describes other bytes",
            Api.REGISTRY),
    URL_MISMATCH(422, "The bundle is not the brick the URL names", Api.REGISTRY),
    BRICK_FAILED(422, "The brick loaded but failed its smoke test", Api.HOST),
    PRECISION_MISMATCH(422, "The host's base model build changes the brick's answers, as its card shows, and the host "
            + "refuses such bricks", Api.HOST),
    TOO_MANY_REQUESTS(429, "This client sent too many requests; retry after the time given", Api.REGISTRY),
    INTERNAL(500, "Internal error", Api.REGISTRY, Api.HOST),
    REGISTRY_UNAVAILABLE(502, "The registry could not be reached or its download broke off", Api.HOST),
    DIGEST_MISMATCH(502, "The downloaded bytes do not have the registry's digest", Api.HOST),
    OVERLOADED(503, "The server is at its limit of concurrent requests; retry after the time given", Api.REGISTRY,
            Api.HOST),
    MEMORY_BUDGET_EXCEEDED(507, "The brick does not fit in the host's brick memory budget", Api.HOST),
    STATE_NOT_SAVED(507, "The host could not save the change in its storage folder; nothing changed", Api.HOST);

    /** The two HTTP APIs. */
    public enum Api {
        REGISTRY, HOST
    }

    private final int status;
    private final String title;
    private final Set<Api> apis;

    ErrorCode(int status, String title, Api first, Api... more) {
        this.status = status;
        this.title = title;
        this.apis = EnumSet.of(first, more);
    }

    /** The codes one API answers with, in the order of this enum (by status). */
    public static List<ErrorCode> of(Api api) {
        return Arrays.stream(values()).filter(code -> code.apis.contains(api)).toList();
    }

    /** The code that answers a brick refused for this reason; each reason has its own. */
    public static ErrorCode of(UntrustedBrickException.Reason reason) {
        return switch (reason) {
            case UNSIGNED -> UNSIGNED_BRICK;
            case SIGNATURE_INVALID -> SIGNATURE_INVALID;
            case SIGNER_NOT_TRUSTED -> SIGNER_NOT_TRUSTED;
            case KEY_NOT_REGISTERED -> KEY_NOT_REGISTERED;
            case KEY_REVOKED -> KEY_REVOKED;
        };
    }

    /** The reason a code answers a refused brick for, if it is one of {@link #of(UntrustedBrickException.Reason)}. */
    public static Optional<UntrustedBrickException.Reason> untrustedReason(String code) {
        return Arrays.stream(UntrustedBrickException.Reason.values()).filter(reason -> of(reason).code().equals(code))
                .findFirst();
    }

    /** The HTTP status answered with this code. */
    public int status() {
        return status;
    }

    /** A short summary for people, RFC 9457 {@code title}. */
    public String title() {
        return title;
    }

    /** The code as clients see it, e.g. {@code version_exists}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The problem type URI, RFC 9457 {@code type}. */
    public String type() {
        return "https://brickyard.dev/problems/" + code().replace('_', '-');
    }
}
