package dev.brickyard.host.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document ({@code application/problem+json}).
 *
 * @param errorId for internal errors, the id under which the host logged the details
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostProblem(String type, String title, int status, String detail, String code, String errorId) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
