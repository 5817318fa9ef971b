package dev.brickyard.registry;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URI;

/**
 * Makes every link the registry writes (download URLs, {@code Location} and {@code Link} headers, the OSGi index, the
 * web pages, OpenAPI's server) start with the registry's public URL, never with the request's {@code Host} header,
 * which any client can set: the request's base URI is replaced before matching, so every resource's
 * {@code UriInfo.getBaseUri()} is the public one. The public URL is {@code --public-url} when given (a registry
 * behind a reverse proxy, possibly under a path), else the address the registry listens on.
 */
@PreMatching
final class PublicUrlFilter implements ContainerRequestFilter {
    private volatile URI publicUrl;

    /** @param publicUrl the configured public URL, or null until {@link #listening} says where the registry is */
    PublicUrlFilter(URI publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** Sets the public URL to where the registry listens, unless one was configured. */
    void listening(URI listening) {
        if (publicUrl == null) {
            publicUrl = listening;
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        URI base = publicUrl;
        if (base == null) {
            return; // only in the instant between the socket opening and start() returning
        }
        URI requested = request.getUriInfo().getRequestUri();
        String served = request.getUriInfo().getBaseUri().getRawPath();
        String path = requested.getRawPath().startsWith(served)
                ? requested.getRawPath().substring(served.length()) : requested.getRawPath().replaceFirst("^/", "");
        String query = requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery();
        request.setRequestUri(base, URI.create(base + path + query));
    }
}
