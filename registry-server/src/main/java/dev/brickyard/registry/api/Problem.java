package dev.brickyard.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}).
 *
 * @param code the stable {@link ErrorCode#code()}
 * @param violations for invalid bricks, each broken rule with its path
 * @param errorId for internal errors, the id under which the server logged the details
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String instance,
                      List<ProblemViolation> violations, String errorId) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One violation of the brick format. */
    public record ProblemViolation(String path, String message) {
    }
}
