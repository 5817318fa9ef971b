package dev.brickyard.host.http;

import dev.brickyard.host.BrickHost;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.http.host.ModelDocument;
import dev.brickyard.http.host.ModelList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}}: OpenAI's model list, holding the base model and, for
 * each installed adapter and neuron brick, the base model with it applied ({@link OpenAiModelName}). Any
 * combination of them is a model too, answered by {@code GET /v1/models/{model}} though not listed. The host keeps
 * no install times, so {@code created} is when it started serving, for every model.
 */
@Path("/v1/models")
@RequiresScope(HostScope.INFER)
@Produces(MediaType.APPLICATION_JSON)
public final class ModelsResource {
    /** Who made the base model (all-MiniLM-L6-v2 is published by sentence-transformers). */
    static final String BASE_OWNER = "sentence-transformers";

    private final BrickHost host;
    private final String base;
    private final long created = Instant.now().getEpochSecond();

    public ModelsResource(BrickHost host) {
        this.host = host;
        this.base = host.baseModel().reference().name();
    }

    @GET
    public ModelList models() {
        List<ModelDocument> models = new ArrayList<>();
        models.add(new ModelDocument(base, created, BASE_OWNER));
        for (InstalledBrick brick : host.bricks()) {
            if (OpenAiModelName.inside(brick)) {
                models.add(new ModelDocument(base + "+" + brick.id(), created, brick.id().namespace()));
            }
        }
        return new ModelList(models);
    }

    /** {@code model} is matched whole, {@code /} included, since the bricks it names are {@code ns/name}. */
    @GET
    @Path("{model: .+}")
    public ModelDocument model(@PathParam("model") String text) {
        List<InstalledBrick> applied = OpenAiModelName.parse(text, base).resolve(host.bricks());
        Set<String> owners = new LinkedHashSet<>();
        applied.forEach(brick -> owners.add(brick.id().namespace()));
        return new ModelDocument(text, created, owners.isEmpty() ? BASE_OWNER : String.join("+", owners));
    }
}
