package dev.brickyard.http.server;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Before an answer is written, reads the rest of a body the resource did not read to its end
 * ({@link GuardedBody#readRest}), so that the connection stays open for the client's next request; when the rest is
 * too long to read, the answer says {@code Connection: close}. The JDK server would otherwise read it itself,
 * blocking with no timeout, or (as it is configured here) close the connection without saying so.
 */
final class BodyRestFilter implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(GuardedBody.PROPERTY) instanceof GuardedBody body && !body.readRest()) {
            // Clients must not send their next request on this connection: the server closes it after the answer.
            response.getHeaders().putSingle("Connection", "close");
        }
    }
}
