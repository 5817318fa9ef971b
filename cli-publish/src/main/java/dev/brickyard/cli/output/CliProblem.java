package dev.brickyard.cli.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.cli.ExitCode;
import dev.brickyard.http.client.ProblemDocument;
import dev.brickyard.http.client.RegistryProblemException;
import dev.brickyard.http.client.ServerProblem;
import java.util.List;

/**
 * What a failing command prints on standard error under {@code --json}: an RFC 9457 problem document shaped like
 * the registry's and the host's ({@code application/problem+json}), plus the exit code. {@code code} is the server's
 * stable code when a registry or host answered with a problem, else the stable code of the exit code
 * ({@link #codeOf(ExitCode)}).
 *
 * @param status the HTTP status when a registry or host answered with a problem; absent otherwise
 * @param violations for an invalid brick, each broken rule with its path; absent when there are none
 * @param errorId for a server's internal error, the id under which it logged the details
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CliProblem(String type, String title, Integer status, String detail, String code, int exitCode,
                         List<ProblemViolation> violations, String errorId) {
    /** The prefix of every problem {@code type}, the same as the servers' ({@code ErrorCode.type()}). */
    public static final String TYPE_PREFIX = "https://brickyard.dev/problems/";

    /** One broken rule of the brick format. */
    public record ProblemViolation(String path, String message) {
    }

    /** The problem for an exception that escaped a command. */
    public static CliProblem of(Throwable failure) {
        ExitCode exit = ExitCode.of(failure);
        String detail = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        List<ProblemViolation> violations = failure instanceof MalformedBrickException malformed
                && !malformed.violations().isEmpty() ? malformed.violations().stream()
                .map(v -> new ProblemViolation(v.path(), v.message())).toList() : null;
        ProblemDocument server = ServerProblem.of(failure).orElse(null);
        if (server != null) {
            return new CliProblem(type(server.code()), title(exit), server.status(), detail, server.code(),
                    exit.code(), violations, server.errorId());
        }
        if (failure instanceof RegistryProblemException problem && problem.code() != null) {
            return new CliProblem(type(problem.code()), title(exit), problem.status(), detail, problem.code(),
                    exit.code(), violations, null);
        }
        return new CliProblem(type(codeOf(exit)), title(exit), null, detail, codeOf(exit), exit.code(), violations,
                null);
    }

    /** The problem for a command line that does not parse (exit code 2). */
    public static CliProblem usage(String detail) {
        return new CliProblem(type(codeOf(ExitCode.USAGE)), title(ExitCode.USAGE), null, detail,
                codeOf(ExitCode.USAGE), ExitCode.USAGE.code(), null, null);
    }

    /** The stable code of an exit code, for errors that no server answered. */
    public static String codeOf(ExitCode exit) {
        return switch (exit) {
            case OK -> "ok";
            case FAILURE -> "failure";
            case USAGE -> "usage";
            case INVALID_BRICK -> "brick_invalid";
            case INCOMPATIBLE -> "brick_incompatible";
            case NOT_FOUND -> "not_found";
            case CONFLICT -> "conflict";
            case AUTH -> "auth";
            case NETWORK -> "network";
            case UNTRUSTED -> "untrusted";
        };
    }

    private static String title(ExitCode exit) {
        return switch (exit) {
            case OK -> "Success";
            case FAILURE -> "The command failed";
            case USAGE -> "The command line or its input is not usable";
            case INVALID_BRICK -> "The brick breaks the format";
            case INCOMPATIBLE -> "The brick is incompatible";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case AUTH -> "No valid token";
            case NETWORK -> "The registry or host cannot be reached";
            case UNTRUSTED -> "The brick is not trusted";
        };
    }

    private static String type(String code) {
        return TYPE_PREFIX + code.replace('_', '-');
    }
}
