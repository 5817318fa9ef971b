package dev.brickyard.host.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;

/** Counts and times every request by its endpoint's path template ({@code /v1/bricks/{namespace}/{name}}). */
@PreMatching
public final class MetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String STARTED = "brickyard.started";
    private final HostMetrics metrics;

    public MetricsFilter(HostMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        if (started instanceof Long start) {
            metrics.request(endpoint(request), response.getStatus(), System.nanoTime() - start);
        }
    }

    private static String endpoint(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo uri) || uri.getMatchedTemplates().isEmpty()) {
            return "unmatched";
        }
        List<String> templates = new ArrayList<>();
        uri.getMatchedTemplates().forEach(template -> templates.add(template.getTemplate()));
        Collections.reverse(templates);
        String path = String.join("", templates).replaceAll("/+", "/");
        return request.getMethod() + " " + (path.isEmpty() ? "/" : path);
    }
}
