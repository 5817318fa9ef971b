package dev.brickyard.host.http.v2;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.http.HostException;
import dev.brickyard.host.http.InferResource;
import dev.brickyard.host.http.OpenToAll;
import dev.brickyard.host.http.RequiresScope;
import dev.brickyard.http.host.InferBody;
import dev.brickyard.http.host.InferResponse;
import dev.brickyard.http.host.v2.InferenceRequestBody;
import dev.brickyard.http.host.v2.InferenceResponseBody;
import dev.brickyard.http.host.v2.ModelMetadata;
import dev.brickyard.http.host.v2.ModelReady;
import dev.brickyard.http.host.v2.ServerLive;
import dev.brickyard.http.host.v2.ServerMetadata;
import dev.brickyard.http.host.v2.ServerReady;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.server.AlwaysAdmitted;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol's required HTTP/REST endpoints: server metadata and health, and per model (an
 * installed brick) its metadata, readiness and inference. A model's version is the brick's installed semver; only
 * that version can be named in a URL. Inference runs {@code POST /v1/infer}'s own path for the one brick, so both
 * answer alike. Health and server metadata are open to all, like {@code /v1/health}; the rest needs {@code infer}.
 */
@Path("/v2")
@RequiresScope(HostScope.INFER)
@Produces(MediaType.APPLICATION_JSON)
public final class OpenInferenceResource {
    /** The server's name in {@code GET /v2}. */
    static final String SERVER = "brickyard-host";
    /** The protocol extensions served; {@code model_repository} is Triton's name for the repository extension. */
    static final List<String> EXTENSIONS = List.of("model_repository");

    private final BrickHost host;
    private final InferResource inference;

    public OpenInferenceResource(BrickHost host) {
        this.host = host;
        this.inference = new InferResource(host);
    }

    @GET
    @OpenToAll
    public ServerMetadata server() {
        String version = OpenInferenceResource.class.getPackage().getImplementationVersion();
        return new ServerMetadata(SERVER, version == null ? "development" : version, EXTENSIONS);
    }

    /** Live once it answers: the base model is loaded before the host listens. */
    @GET
    @OpenToAll
    @AlwaysAdmitted
    @Path("health/live")
    public ServerLive live() {
        return new ServerLive(true);
    }

    /** Ready once it answers, like {@code /v1/health}: a host with no bricks is ready for the bricks it gets. */
    @GET
    @OpenToAll
    @AlwaysAdmitted
    @Path("health/ready")
    public ServerReady ready() {
        return new ServerReady(true);
    }

    @GET
    @Path("models/{name}")
    public ModelMetadata model(@PathParam("name") String name) {
        return metadata(installed(name, null));
    }

    @GET
    @Path("models/{name}/versions/{version}")
    public ModelMetadata model(@PathParam("name") String name, @PathParam("version") String version) {
        return metadata(installed(name, version));
    }

    @GET
    @Path("models/{name}/ready")
    public ModelReady modelReady(@PathParam("name") String name) {
        return readiness(installed(name, null));
    }

    @GET
    @Path("models/{name}/versions/{version}/ready")
    public ModelReady modelReady(@PathParam("name") String name, @PathParam("version") String version) {
        return readiness(installed(name, version));
    }

    @POST
    @Path("models/{name}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public InferenceResponseBody infer(@PathParam("name") String name, InferenceRequestBody body)
            throws BrickException {
        return infer(installed(name, null), null, body);
    }

    @POST
    @Path("models/{name}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public InferenceResponseBody infer(@PathParam("name") String name, @PathParam("version") String version,
                                       InferenceRequestBody body) throws BrickException {
        return infer(installed(name, version), version, body);
    }

    private InferenceResponseBody infer(InstalledBrick brick, String version, InferenceRequestBody body)
            throws BrickException {
        if (!InferenceTensors.answers(brick.kind())) {
            throw new HostException(ErrorCode.BAD_REQUEST, InferenceTensors.notAModel(brick));
        }
        InferBody question = InferenceTensors.inferBody(body, brick);
        List<String> outputs = InferenceTensors.requested(body.outputs(), brick);
        InferResponse answer = inference.infer(question);
        String answered = answer.results().get(0).answers().get(0).version();
        if (version != null && !version.equals(answered)) {
            throw notInstalled(brick.id() + " was swapped to " + answered + " while this request ran; version "
                    + version + " is no longer installed");
        }
        return new InferenceResponseBody(brick.id().toString(), answered, body.id(),
                Map.of("generation", answer.generation()), InferenceTensors.outputs(answer, brick, outputs));
    }

    private ModelMetadata metadata(InstalledBrick brick) {
        return new ModelMetadata(brick.id().toString(), List.of(brick.version().toString()),
                "brickyard_" + brick.kind().jsonName(), InferenceTensors.inputs(brick),
                InferenceTensors.outputs(brick), brick.kind().jsonName(),
                brick.labels().isEmpty() ? null : brick.labels());
    }

    private static ModelReady readiness(InstalledBrick brick) {
        return new ModelReady(brick.id().toString(), InferenceTensors.answers(brick.kind()));
    }

    /** The installed brick a URL names, at {@code version} when one is given. */
    private InstalledBrick installed(String name, String version) {
        BrickId id = ModelName.parse(name);
        InstalledBrick brick = host.bricks().stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> notInstalled("no model " + id + " is installed; POST /v2/repository/index "
                        + "lists the models"));
        if (version != null && !version.equals(brick.version().toString())) {
            throw notInstalled(id + " is installed at version " + brick.version() + ", not " + version);
        }
        return brick;
    }

    private static HostException notInstalled(String detail) {
        return new HostException(ErrorCode.BRICK_NOT_INSTALLED, detail);
    }
}
