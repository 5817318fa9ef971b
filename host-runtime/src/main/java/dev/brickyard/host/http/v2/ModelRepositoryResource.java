package dev.brickyard.host.http.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.http.HostException;
import dev.brickyard.host.http.HostMetrics;
import dev.brickyard.host.http.RequiresScope;
import dev.brickyard.host.registry.RegistryInstaller;
import dev.brickyard.http.host.v2.RepositoryModel;
import dev.brickyard.http.problem.ErrorCode;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The protocol's model repository extension (Triton's {@code model_repository}) over the host's bricks: the index
 * lists the installed bricks, load installs one from the host's registry by reference (the path of
 * {@code POST /v1/bricks {"ref": ...}}), unload uninstalls one. Bodies are optional, as the extension says, so they
 * are read whatever their {@code Content-Type}. Load and unload need the {@code admin} scope, the index {@code infer}.
 */
@Path("/v2/repository")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelRepositoryResource {
    /** The state of a model that answers texts. */
    static final String READY = "READY";
    /** The state of an adapter or neuron brick: installed, but not a model that can be asked. */
    static final String UNAVAILABLE = "UNAVAILABLE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrickHost host;
    private final RegistryInstaller registry;
    private final HostMetrics metrics;

    /** @param registry where loads install from, or null on a host without a registry */
    public ModelRepositoryResource(BrickHost host, RegistryInstaller registry, HostMetrics metrics) {
        this.host = host;
        this.registry = registry;
        this.metrics = metrics;
    }

    /** {@code {"ready": true}} lists only the models ready to answer. */
    @POST
    @Path("index")
    @RequiresScope(HostScope.INFER)
    public List<RepositoryModel> index(String body) {
        JsonNode ready = object(body).path("ready");
        if (!ready.isMissingNode() && !ready.isBoolean()) {
            throw InferenceTensors.bad("\"ready\" must be true or false");
        }
        return host.bricks().stream().map(ModelRepositoryResource::entry)
                .filter(entry -> !ready.asBoolean(false) || entry.state().equals(READY)).toList();
    }

    /**
     * Installs the model from the registry: its best version, or the best of the range in the parameter
     * {@code version} ({@code {"parameters": {"version": "^1.2"}}}). A model already installed in that range is left
     * as it is; one installed outside it is swapped to the range's best version.
     */
    @POST
    @Path("models/{name}/load")
    @RequiresScope(HostScope.ADMIN)
    public Response load(@PathParam("name") String name, String body) throws BrickException, IOException {
        BrickId id = ModelName.parse(name);
        JsonNode version = object(body).path("parameters").path("version");
        if (!version.isMissingNode() && !version.isTextual()) {
            throw InferenceTensors.bad("parameter \"version\" must be a version or range such as \"^1.2\"");
        }
        BrickRef ref;
        try {
            ref = BrickRef.parse(id + (version.isTextual() ? "@" + version.textValue().strip() : ""));
        } catch (IllegalArgumentException e) {
            throw InferenceTensors.bad("'" + version.textValue() + "' is not a version or range such as ^1.2: "
                    + e.getMessage());
        }
        Optional<InstalledBrick> installed = installed(id);
        if (installed.isPresent() && ref.range().contains(installed.get().version())) {
            return Response.ok().build();
        }
        if (registry == null) {
            throw new HostException(ErrorCode.NO_REGISTRY, "this host was started without --registry, so it has no "
                    + "repository to load " + id + " from; upload the bundle with POST /v1/bricks instead");
        }
        boolean swap = installed.isPresent();
        boolean succeeded = false;
        try {
            if (swap) {
                registry.swap(ref.toString());
            } else {
                registry.install(ref.toString());
            }
            succeeded = true;
        } finally {
            metrics.change(swap ? "swap" : "install", succeeded);
        }
        return Response.ok().build();
    }

    @POST
    @Path("models/{name}/unload")
    @RequiresScope(HostScope.ADMIN)
    public Response unload(@PathParam("name") String name, String body) throws BrickException, IOException {
        BrickId id = ModelName.parse(name);
        object(body);
        boolean succeeded = false;
        try {
            host.uninstall(id);
            succeeded = true;
        } finally {
            metrics.change("uninstall", succeeded);
        }
        return Response.ok().build();
    }

    private Optional<InstalledBrick> installed(BrickId id) {
        return host.bricks().stream().filter(brick -> brick.id().equals(id)).findFirst();
    }

    private static RepositoryModel entry(InstalledBrick brick) {
        boolean answers = InferenceTensors.answers(brick.kind());
        return new RepositoryModel(brick.id().toString(), brick.version().toString(), answers ? READY : UNAVAILABLE,
                answers ? "" : InferenceTensors.notAModel(brick));
    }

    /** An optional JSON object body: empty stands for {@code {}}. */
    private static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw InferenceTensors.bad("the body is not JSON: " + e.getOriginalMessage().replaceAll("\\s+", " "));
        }
        if (!node.isObject()) {
            throw InferenceTensors.bad("the body is not the JSON object expected");
        }
        return node;
    }
}
