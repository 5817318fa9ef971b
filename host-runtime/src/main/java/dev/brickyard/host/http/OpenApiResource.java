package dev.brickyard.host.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.server.ErrorCodeSchema;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the host's API in OpenAPI 3.1, written by hand next to this class with the error codes
 * filled in from {@link ErrorCode}. {@code HostOpenApiTest} checks its paths against Jersey's resource model.
 */
@Path("/openapi.json")
@OpenToAll
public final class OpenApiResource {
    static final String DOCUMENT = "openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode document = load();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String openApi(@Context UriInfo uri) {
        ObjectNode answer = document.deepCopy();
        answer.putArray("servers").addObject().put("url", uri.getBaseUri().toString());
        return answer.toString();
    }

    /** The document without {@code servers}. */
    public static ObjectNode load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing next to " + OpenApiResource.class.getName());
            }
            ObjectNode document = (ObjectNode) JSON.readTree(in);
            ErrorCodeSchema.put((ObjectNode) document.path("components").path("schemas"), ErrorCode.Api.HOST);
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }
}
