package dev.brickyard.http.server;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

/**
 * Gives each request a worker before its resource runs, or refuses it with 503 and {@code Retry-After} when the
 * server is at its limit (see {@link RequestGuard#admit}); resources marked {@link AlwaysAdmitted} skip the queue.
 */
@Priority(Priorities.AUTHENTICATION - 50)
final class AdmissionFilter implements ContainerRequestFilter {
    private final RequestGuard guard;

    @Context
    private ResourceInfo resource;

    AdmissionFilter(RequestGuard guard) {
        this.guard = guard;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        RequestGuard.Watch watch = RequestGuard.current();
        if (watch == null || ResourceMarks.marked(resource, AlwaysAdmitted.class)) {
            return;
        }
        guard.admit(watch);
    }
}
