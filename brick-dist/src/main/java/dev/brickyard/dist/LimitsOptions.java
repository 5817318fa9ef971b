package dev.brickyard.dist;

import dev.brickyard.cli.UsageException;
import dev.brickyard.http.server.ServerLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The request limits both {@code registry serve} and {@code host serve} take. */
public final class LimitsOptions {
    @Option(names = "--workers", paramLabel = "N", description = "Requests handled at once; health, metrics "
            + "and event streams are not counted (default: 64).")
    Integer workers;

    @Option(names = "--queue", paramLabel = "N", description = "Requests that may wait for a worker (up to 10 s); "
            + "past it requests are answered 503 with Retry-After (default: 512).")
    Integer queue;

    @Option(names = "--header-timeout", paramLabel = "SECONDS", description = "Longest a request's headers may take "
            + "to arrive before the connection is closed (default: 10).")
    Integer headerTimeout;

    @Option(names = "--body-timeout", paramLabel = "SECONDS", description = "Longest a request body may go without "
            + "a byte arriving before the connection is closed (default: 30).")
    Integer bodyTimeout;

    /**
     * The default limits with the options given.
     *
     * @throws UsageException when they do not make sense together
     */
    public ServerLimits limits() throws UsageException {
        ServerLimits limits = ServerLimits.DEFAULT;
        try {
            if (workers != null || queue != null) {
                limits = limits.withWorkers(workers != null ? workers : limits.workers(),
                        queue != null ? queue : limits.queue());
            }
            if (headerTimeout != null || bodyTimeout != null) {
                limits = limits.withTimeouts(
                        headerTimeout != null ? Duration.ofSeconds(headerTimeout) : limits.headerTimeout(),
                        bodyTimeout != null ? Duration.ofSeconds(bodyTimeout) : limits.bodyTimeout());
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return limits;
    }
}
