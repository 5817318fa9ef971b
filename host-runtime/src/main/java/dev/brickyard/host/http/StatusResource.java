package dev.brickyard.host.http;

import dev.brickyard.host.BrickHost;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.host.HealthDocument;
import dev.brickyard.http.server.AlwaysAdmitted;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;

/** {@code GET /v1/health} for load balancers and people ({@code GET /metrics} is the shared {@code MetricsResource}). */
@Path("/")
@AlwaysAdmitted
public final class StatusResource {
    private final BrickHost host;
    private final RegistryClient registry;
    private final Instant started = Instant.now();

    public StatusResource(BrickHost host, RegistryClient registry) {
        this.host = host;
        this.registry = registry;
    }

    @GET
    @OpenToAll
    @Path("v1/health")
    @Produces(MediaType.APPLICATION_JSON)
    public HealthDocument health() {
        return new HealthDocument("ok", host.baseModel().reference().name(), host.baseModel().variant().name()
                .toLowerCase(java.util.Locale.ROOT), host.bricks().size(), host.brickMemoryBytes(),
                host.options().brickMemoryBytes(), host.generation(),
                Duration.between(started, Instant.now()).toSeconds(),
                registry == null ? null : registry.base().toString());
    }
}
