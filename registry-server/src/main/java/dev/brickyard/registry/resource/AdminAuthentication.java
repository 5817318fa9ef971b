package dev.brickyard.registry.resource;

import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.store.TokenRecord;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Lets a request reach an {@link AdminOnly} resource only with a valid admin token, which it hands to the resource
 * (see {@link #admin}); otherwise 401 {@code unauthorized} or 403 {@code forbidden}.
 */
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public final class AdminAuthentication implements ContainerRequestFilter {
    private static final String ADMIN = AdminAuthentication.class.getName() + ".admin";
    private final Tokens tokens;

    public AdminAuthentication(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(ADMIN, tokens.authorizeAdmin(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }

    /** The admin token the filter let through. */
    static TokenRecord admin(ContainerRequestContext request) {
        return (TokenRecord) request.getProperty(ADMIN);
    }
}
