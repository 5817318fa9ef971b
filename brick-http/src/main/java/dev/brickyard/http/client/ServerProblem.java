package dev.brickyard.http.client;

/**
 * The problem document a registry or host answered with, kept as the cause of the domain exception a client throws
 * for it, so that a caller can still report the server's stable {@code code} (the CLI's {@code --json} errors do).
 */
public final class ServerProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ProblemDocument problem;

    ServerProblem(ProblemDocument problem) {
        super("the server answered " + problem.status() + " " + problem.code() + ": " + problem.detail(), null,
                false, false);
        this.problem = problem;
    }

    /** The problem document: status, code, detail, error id and violations. */
    public ProblemDocument problem() {
        return problem;
    }

    /** The server's problem behind {@code failure}, if a client threw it for one. */
    public static java.util.Optional<ProblemDocument> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServerProblem server) {
                return java.util.Optional.of(server.problem);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Records {@code problem} as the cause of {@code failure} and returns it. A {@link RegistryProblemException}
     * keeps its code itself and gets no cause, so its plain-text report stays as it was.
     */
    static <E extends Exception> E attach(E failure, ProblemDocument problem) {
        if (!(failure instanceof RegistryProblemException) && failure.getCause() == null) {
            try {
                failure.initCause(new ServerProblem(problem));
            } catch (IllegalStateException causeAlreadySet) {
                // constructed with an explicit (null) cause: the exit code and message still say what happened
            }
        }
        return failure;
    }
}
