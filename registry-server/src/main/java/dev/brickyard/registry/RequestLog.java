package dev.brickyard.registry;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/** Logs every request as {@code method= path= status= millis=}, one line each. */
@Provider
public final class RequestLog implements ContainerRequestFilter, ContainerResponseFilter {
    private static final Logger LOG = Logger.getLogger("dev.brickyard.registry.requests");
    private static final String START = RequestLog.class.getName() + ".start";

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(START);
        long micros = start instanceof Long nanos ? (System.nanoTime() - nanos) / 1000 : -1;
        LOG.info(() -> "method=" + request.getMethod() + " path=" + request.getUriInfo().getRequestUri().getRawPath()
                + " status=" + response.getStatus() + " millis=" + micros / 1000.0);
    }
}
