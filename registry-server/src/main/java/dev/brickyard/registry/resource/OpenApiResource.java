package dev.brickyard.registry.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.server.ErrorCodeSchema;
import dev.brickyard.registry.search.SearchQuery;
import dev.brickyard.registry.store.RegistryEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code GET /openapi.json}: the API described in OpenAPI 3.1. The paths, parameters and schemas are written by
 * hand in {@code openapi.json} next to this class; every list of values the server defines in an enum (error
 * codes with their statuses, kinds, origins, sort orders, event types) is filled in from that enum here, so the
 * document cannot fall behind it. {@code OpenApiDocumentTest} checks the paths against the Jersey resource model.
 */
@Path("/openapi.json")
public final class OpenApiResource {
    static final String DOCUMENT = "openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode document;

    public OpenApiResource() {
        this.document = load();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response openApi(@Context UriInfo uri) {
        ObjectNode answer = document.deepCopy();
        answer.putArray("servers").addObject().put("url", uri.getBaseUri().toString());
        return Response.ok(answer.toString(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build();
    }

    /** The document without {@code servers}: the hand-written part with the enums filled in. */
    public static ObjectNode load() {
        ObjectNode document;
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the class path next to "
                        + OpenApiResource.class.getName());
            }
            document = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
        ObjectNode schemas = (ObjectNode) document.path("components").path("schemas");
        ErrorCodeSchema.put(schemas, ErrorCode.Api.REGISTRY);
        enumSchema(schemas, "BrickKind", BrickKind.values(), BrickKind::jsonName);
        enumSchema(schemas, "BrickOrigin", BrickOrigin.values(), BrickOrigin::jsonName);
        enumSchema(schemas, "Sort", SearchQuery.Sort.values(), sort -> sort.name().toLowerCase(Locale.ROOT));
        enumSchema(schemas, "EventType", RegistryEvent.Type.values(), RegistryEvent.Type::jsonName);
        return document;
    }

    private static <E> ObjectNode enumSchema(ObjectNode schemas, String name, E[] values, Function<E, String> text) {
        if (!(schemas.get(name) instanceof ObjectNode schema)) {
            throw new IllegalStateException(DOCUMENT + " has no schema " + name + " to fill in");
        }
        ArrayNode names = schema.putArray("enum");
        List.of(values).forEach(value -> names.add(text.apply(value)));
        return schema;
    }
}
