package dev.brickyard.host.http;

import dev.brickyard.http.host.HostErrorCode;

/** An error answer the resources raise directly (a bad request body, say); mapped by {@link ProblemMapper}. */
public final class HostException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final HostErrorCode code;

    public HostException(HostErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public HostException(HostErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public HostErrorCode code() {
        return code;
    }
}
