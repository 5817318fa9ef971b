package dev.brickyard.http.server;

import dev.brickyard.http.problem.ErrorCode;

/**
 * The server refuses a request before doing its work: it is at its limit of concurrent requests, the client has
 * sent too many, or the body is larger than the server accepts. Answered with the code's status and, when the
 * client may try again, a {@code Retry-After} header.
 */
public final class RequestRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final long retryAfterSeconds;

    /** @param retryAfterSeconds when the client may try again, or 0 for no {@code Retry-After} */
    public RequestRefusedException(ErrorCode code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorCode code() {
        return code;
    }

    /** Seconds for the {@code Retry-After} header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
