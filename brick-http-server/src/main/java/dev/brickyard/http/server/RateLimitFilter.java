package dev.brickyard.http.server;

import dev.brickyard.http.problem.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

/** Answers 429 with {@code Retry-After} to a client that calls {@link RateLimited} resources too often. */
@Priority(Priorities.AUTHENTICATION - 75)
final class RateLimitFilter implements ContainerRequestFilter {
    private final ClientRateLimiter limiter;

    @Context
    private ResourceInfo resource;

    RateLimitFilter(ClientRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!ResourceMarks.marked(resource, RateLimited.class)) {
            return;
        }
        String client = PeerAddress.clientKey(PeerAddress.of(request));
        long wait = limiter.acquire(client);
        if (wait > 0) {
            throw new RequestRefusedException(ErrorCode.TOO_MANY_REQUESTS, "this client (" + client + ") sent more "
                    + "requests of this kind than the server answers for one client; try again in " + wait + " s",
                    wait);
        }
    }
}
