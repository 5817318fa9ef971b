package dev.brickyard.registry.resource;

import dev.brickyard.http.registry.RegistryHealth;
import dev.brickyard.http.server.AlwaysAdmitted;
import dev.brickyard.registry.store.Database;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /v1/health} (readiness: 200 when the database answers within a second, else 503) and
 * {@code GET /v1/health/live} (liveness: the process answers). Answered even when the registry is at its limit of
 * concurrent requests.
 */
@Path("/v1/health")
@Produces(MediaType.APPLICATION_JSON)
@AlwaysAdmitted
public final class HealthResource {
    private static final int DATABASE_TIMEOUT_SECONDS = 1;

    private final Database database;
    private final Instant started = Instant.now();

    public HealthResource(Database database) {
        this.database = database;
    }

    @GET
    public Response ready() {
        String state = databaseState();
        boolean ok = state.equals("ok");
        return Response.status(ok ? 200 : 503).entity(new RegistryHealth(ok ? "ok" : "unavailable", state,
                uptimeSeconds())).build();
    }

    @GET
    @Path("live")
    public RegistryHealth live() {
        return new RegistryHealth("ok", null, uptimeSeconds());
    }

    private String databaseState() {
        try (Connection connection = database.dataSource().getConnection()) {
            return connection.isValid(DATABASE_TIMEOUT_SECONDS) ? "ok"
                    : "did not answer within " + DATABASE_TIMEOUT_SECONDS + " s";
        } catch (SQLException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    private long uptimeSeconds() {
        return Duration.between(started, Instant.now()).toSeconds();
    }
}
