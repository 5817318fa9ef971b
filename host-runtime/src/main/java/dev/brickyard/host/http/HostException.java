package dev.brickyard.host.http;

import dev.brickyard.http.problem.ErrorCode;

/** An error answer the resources raise directly (a bad request body, say); mapped by {@link ProblemMapper}. */
public final class HostException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final String param;

    public HostException(ErrorCode code, String detail) {
        this(code, detail, (Throwable) null);
    }

    public HostException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.param = null;
    }

    private HostException(String param, ErrorCode code, String detail) {
        super(detail);
        this.code = code;
        this.param = param;
    }

    /** An error about one field of the request body, which OpenAI-shaped errors name as {@code param}. */
    public static HostException about(String param, ErrorCode code, String detail) {
        return new HostException(param, code, detail);
    }

    public ErrorCode code() {
        return code;
    }

    /** The body field at fault, e.g. {@code input}, or null. */
    public String param() {
        return param;
    }
}
