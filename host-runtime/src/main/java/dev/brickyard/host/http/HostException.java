package dev.brickyard.host.http;

import dev.brickyard.http.problem.ErrorCode;

/** An error answer the resources raise directly (a bad request body, say); mapped by {@link ProblemMapper}. */
public final class HostException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public HostException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public HostException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
