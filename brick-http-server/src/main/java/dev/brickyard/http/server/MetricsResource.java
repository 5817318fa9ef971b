package dev.brickyard.http.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code GET /metrics}: the server's metrics for Prometheus, answered even when the server is at its limit. */
@Path("/metrics")
@AlwaysAdmitted
public final class MetricsResource {
    /** The Prometheus text exposition format's media type. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerMetrics metrics;

    public MetricsResource(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    @Produces(TEXT_FORMAT)
    public String metrics() {
        return metrics.scrape();
    }
}
