package dev.brickyard.http.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ExtendedUriInfo;

/**
 * Counts and times every request into one timer, {@code <name>_seconds} in Prometheus (count, sum and a histogram
 * with fixed buckets from 1 ms to 10 s), tagged with the method, the route and the status. The route is the matched
 * resource's path template ({@code /v1/bricks/{namespace}/{name}}), never the raw path, and {@code unmatched} when
 * nothing matched, so a client cannot make series without bound.
 */
@PreMatching
public final class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** Upper bounds of the latency buckets. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2).plusNanos(500_000),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final String STARTED = HttpMetricsFilter.class.getName() + ".started";

    private final MeterRegistry registry;
    private final String name;

    /**
     * @param name the timer's name in Micrometer's dotted form, e.g. {@code brickyard.registry.requests}
     */
    public HttpMetricsFilter(MeterRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(STARTED) instanceof Long start) {
            Timer.builder(name).description("HTTP requests answered, by method, route and status.")
                    .tag("method", request.getMethod()).tag("route", route(request))
                    .tag("status", String.valueOf(response.getStatus()))
                    .serviceLevelObjectives(BUCKETS).register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** The matched path template, parameters without their regular expressions, or {@code unmatched}. */
    static String route(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo uri) || uri.getMatchedTemplates().isEmpty()) {
            return "unmatched";
        }
        List<String> templates = new ArrayList<>();
        uri.getMatchedTemplates().forEach(template -> templates.add(template.getTemplate()));
        Collections.reverse(templates);
        // A parameter's regular expression ({model: .+}) is the resource's business, not the route's name.
        String path = String.join("", templates).replaceAll("/+", "/").replaceAll("\\{\\s*([\\w.-]+)\\s*:[^}]*}",
                "{$1}");
        return path.isEmpty() ? "/" : path;
    }
}
