package dev.brickyard.http.problem;

/**
 * The error body OpenAI's clients read, {@code {"error": {"message", "type", "param", "code"}}}: what the host answers
 * on its OpenAI-compatible endpoints instead of a {@link Problem}. {@code code} is the same stable {@link ErrorCode}
 * a problem document would carry, and the HTTP status is the code's.
 */
public record OpenAiError(Detail error) {
    /**
     * @param type OpenAI's error class, from the status ({@link #type(ErrorCode)})
     * @param param the request field at fault, or null
     * @param code the stable {@link ErrorCode#code()}
     */
    public record Detail(String message, String type, String param, String code) {
    }

    /** The error for {@code code}, with the people's {@code message} and the field at fault ({@code param}) if any. */
    public static OpenAiError of(ErrorCode code, String message, String param) {
        return new OpenAiError(new Detail(message, type(code), param, code.code()));
    }

    /**
     * OpenAI's error type for a code: {@code authentication_error} (401), {@code permission_error} (403),
     * {@code rate_limit_error} (429), {@code server_error} (5xx), {@code invalid_request_error} for the other 4xx.
     */
    public static String type(ErrorCode code) {
        int status = code.status();
        if (status == 401) {
            return "authentication_error";
        }
        if (status == 403) {
            return "permission_error";
        }
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}
