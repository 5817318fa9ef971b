package dev.brickyard.http.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.brickyard.api.manifest.Violation;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the one error body of the registry and the host.
 *
 * @param code the stable {@link ErrorCode#code()}
 * @param instance the path of the request that failed, or null
 * @param violations for invalid bricks, each broken rule with its path; null when there are none
 * @param errorId for internal errors, the id under which the server logged the details
 * @param suggestions for {@code brick_not_found}, published ids close to the one asked for ("did you mean"), best
 *     first; null when there are none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String instance,
                      List<ProblemViolation> violations, String errorId, List<String> suggestions) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem document for {@code code}, its type, title and status filled in from the code. */
    public static Problem of(ErrorCode code, String detail, String instance, List<Violation> violations,
                             String errorId) {
        return of(code, detail, instance, violations, errorId, List.of());
    }

    /** The problem document for {@code code} with "did you mean" suggestions (left out when empty). */
    public static Problem of(ErrorCode code, String detail, String instance, List<Violation> violations,
                             String errorId, List<String> suggestions) {
        return new Problem(code.type(), code.title(), code.status(), detail, code.code(), instance,
                violations.isEmpty() ? null : violations.stream()
                        .map(v -> new ProblemViolation(v.path(), v.message())).toList(), errorId,
                suggestions.isEmpty() ? null : List.copyOf(suggestions));
    }

    /** One violation of the brick format. */
    public record ProblemViolation(String path, String message) {
    }
}
