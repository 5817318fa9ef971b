package dev.brickyard.http.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.api.manifest.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An error answer's RFC 9457 problem document ({@code application/problem+json}), as the registry and the host
 * both send them: a stable {@code code} to branch on, a {@code detail} for people, an {@code errorId} for internal
 * errors and, from the registry, the {@code violations} of a refused brick.
 *
 * @param status the HTTP status of the answer
 * @param code the stable code, such as {@code brick_not_installed}
 * @param detail what went wrong, else the title, else the code
 * @param errorId the id under which the server logged an internal error, or null
 * @param violations the problems of a refused brick, each with its path; empty when there are none
 * @param suggestions for {@code brick_not_found}, existing ids close to the one asked for; empty when there are none
 */
public record ProblemDocument(int status, String code, String detail, String errorId, List<Violation> violations,
                              List<String> suggestions) {
    public ProblemDocument {
        violations = List.copyOf(violations);
        suggestions = List.copyOf(suggestions);
    }

    /** The problem document in an error answer's body, or empty when the body is not one with a {@code code}. */
    public static Optional<ProblemDocument> parse(int status, byte[] body) {
        JsonNode problem;
        try {
            problem = RegistryClient.JSON.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (problem == null || !problem.path("code").isTextual()) {
            return Optional.empty();
        }
        String code = problem.path("code").textValue();
        List<Violation> violations = new ArrayList<>();
        problem.path("violations").forEach(v -> violations.add(new Violation(v.path("path").asText(),
                v.path("message").asText())));
        List<String> suggestions = new ArrayList<>();
        problem.path("suggestions").forEach(id -> {
            if (id.isTextual()) {
                suggestions.add(id.textValue());
            }
        });
        return Optional.of(new ProblemDocument(status, code, problem.path("detail").asText(
                problem.path("title").asText(code)), problem.hasNonNull("errorId")
                ? problem.path("errorId").asText() : null, violations, suggestions));
    }
}
