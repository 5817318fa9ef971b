package dev.brickyard.http.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.http.problem.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A running host's HTTP API ({@code brick host serve}) for the command line, kept thin: each method is one request
 * and returns the host's JSON as it came (a brick document, the list of them, or the answer of an inference), so
 * fields a newer host adds reach {@code --json} unchanged. Every error answer becomes the exception its problem code
 * stands for, so each maps to one exit code:
 *
 * <table>
 *   <caption>problem codes and exceptions</caption>
 *   <tr><th>code</th><th>exception</th></tr>
 *   <tr><td>{@code brick_not_installed}, {@code brick_not_found}</td><td>{@link BrickNotFoundException}</td></tr>
 *   <tr><td>{@code brick_installed}, {@code no_previous_version}</td><td>{@link BrickConflictException}</td></tr>
 *   <tr><td>{@code brick_invalid}</td><td>{@link MalformedBrickException}</td></tr>
 *   <tr><td>{@code unsigned_brick}, {@code signature_invalid}, {@code signer_not_trusted}</td>
 *       <td>{@link UntrustedBrickException} with its reason</td></tr>
 *   <tr><td>{@code brick_incompatible}, {@code brick_failed}, {@code precision_mismatch},
 *       {@code memory_budget_exceeded}</td>
 *       <td>{@link IncompatibleBrickException}: the brick cannot run on this host as it is configured</td></tr>
 *   <tr><td>{@code unauthorized}, {@code forbidden}, {@code host_not_allowed}, {@code origin_not_allowed}</td>
 *       <td>{@link RegistryAuthException}</td></tr>
 *   <tr><td>{@code registry_unavailable}</td><td>{@link RegistryUnreachableException}</td></tr>
 *   <tr><td>{@code digest_mismatch}</td><td>{@link DigestMismatchException}</td></tr>
 *   <tr><td>{@code bad_request}, {@code no_registry}</td><td>{@link RegistryProblemException} with status 400</td></tr>
 *   <tr><td>anything else ({@code internal}, {@code not_found}, {@code state_not_saved})</td>
 *       <td>{@link RegistryProblemException}</td></tr>
 * </table>
 * A host that cannot be reached becomes a {@link RegistryUnreachableException} naming the host.
 */
public final class HostClient {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** Installs and swaps may download from the registry, then load and smoke-test the brick. */
    private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(5);
    private static final String BUNDLE_TYPE = "application/java-archive";

    private final URI base;
    private final String token;
    private final Transport transport;

    /**
     * A client sending no token, for a host started with {@code --no-auth}.
     *
     * @param base the host's root, e.g. {@code http://localhost:8081}
     * @param trace receives one line per request and answer ({@code --verbose})
     */
    public HostClient(URI base, Consumer<String> trace) {
        this(base, null, null, trace);
    }

    /**
     * @param base the host's root, e.g. {@code https://host.example:8081}
     * @param token the host token sent as {@code Authorization: Bearer}, or null for none
     * @param tls the TLS context that trusts the host's certificate, or null for the JDK's default trust store
     * @param trace receives one line per request and answer ({@code --verbose}); never the token
     */
    public HostClient(URI base, String token, SSLContext tls, Consumer<String> trace) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.token = token;
        this.transport = new Transport("host", trace, tls);
    }

    /** The host's root URI, ending in {@code /}. */
    public URI base() {
        return base;
    }

    /**
     * What {@code POST /v1/infer} is asked; null components are left out, so the host's defaults apply.
     *
     * @param texts the texts to answer
     * @param bricks the bricks that answer, in this order; null for every installed one (or the routed ones)
     * @param route to pick bricks by content instead of naming them, or null
     * @param weights each brick's weight in combined answers, or null
     */
    public record InferRequest(List<String> texts, List<String> bricks, Route route, Map<String, Float> weights,
                               Knowledge knowledge) {
        public InferRequest(List<String> texts, List<String> bricks, Route route, Map<String, Float> weights) {
            this(texts, bricks, route, weights, null);
        }

        /** At most {@code topK} bricks per text scoring at least {@code minScore}; null for the host's default. */
        public record Route(Integer topK, Float minScore) {
        }

        /** What knowledge bricks return: at most {@code topK} facts scoring at least {@code minScore}. */
        public record Knowledge(Integer topK, Float minScore) {
        }
    }

    /**
     * What {@code POST /v1/activations} is asked; null components are left out, so the host's defaults apply.
     *
     * @param bricks adapters and neuron bricks to apply, or null for none
     * @param layers the layers to report, or null for all
     * @param top neurons per layer, or null for the host's default (10)
     * @param values whether to include each layer's whole {@code [token][neuron]} matrix, or null for no
     */
    public record ActivationsRequest(String text, List<String> bricks, List<Integer> layers, Integer top,
                                     Boolean values) {
    }

    /**
     * The installed bricks, in install order: the {@code items} of {@code GET /v1/bricks}, an array of brick
     * documents.
     */
    public JsonNode bricks() throws IOException, BrickException {
        return read(request("v1/bricks", READ_TIMEOUT).GET().build(), "items");
    }

    /** One installed brick's document: {@code id}, {@code version}, {@code digest}, {@code previousVersions} ... */
    public JsonNode brick(BrickId id) throws IOException, BrickException {
        return read(request("v1/bricks/" + id, READ_TIMEOUT).GET().build());
    }

    /** Installs what the host's registry resolves {@code reference} ({@code ns/name@range}) to. */
    public JsonNode install(String reference) throws IOException, BrickException {
        return read(json(request("v1/bricks", CHANGE_TIMEOUT), "POST", object("ref", reference)));
    }

    /** Installs a bundle file, uploaded as the body. */
    public JsonNode install(Path bundle) throws IOException, BrickException {
        return read(request("v1/bricks", CHANGE_TIMEOUT).header("Content-Type", BUNDLE_TYPE)
                .POST(HttpRequest.BodyPublishers.ofFile(bundle)).build());
    }

    /** Swaps an installed brick to one version from the host's registry. */
    public JsonNode swapToVersion(BrickId id, SemVer version) throws IOException, BrickException {
        return read(json(request("v1/bricks/" + id, CHANGE_TIMEOUT), "PUT", object("version", version.toString())));
    }

    /** Swaps an installed brick to the best version in {@code range} from the host's registry. */
    public JsonNode swapToRange(BrickId id, String range) throws IOException, BrickException {
        return read(json(request("v1/bricks/" + id, CHANGE_TIMEOUT), "PUT", object("range", range)));
    }

    /** Swaps an installed brick to the bundle file, uploaded as the body; the bundle must be of brick {@code id}. */
    public JsonNode swap(BrickId id, Path bundle) throws IOException, BrickException {
        return read(request("v1/bricks/" + id, CHANGE_TIMEOUT).header("Content-Type", BUNDLE_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofFile(bundle)).build());
    }

    /** Swaps a brick back to the version it had before its last swap. */
    public JsonNode rollback(BrickId id) throws IOException, BrickException {
        return read(request("v1/bricks/" + id + "/rollback", CHANGE_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Uninstalls a brick. */
    public void remove(BrickId id) throws IOException, BrickException {
        requireSuccess(send(request("v1/bricks/" + id, CHANGE_TIMEOUT).DELETE().build()));
    }

    /**
     * Answers texts ({@code POST /v1/infer}): {@code generation}, {@code bricks}, and per text {@code results} with
     * the {@code answers} of each brick and the {@code combined} ones.
     */
    public JsonNode infer(InferRequest request) throws IOException, BrickException {
        return read(json(request("v1/infer", READ_TIMEOUT), "POST", request));
    }

    /**
     * Reads the base model's FFN activations for one text ({@code POST /v1/activations}): {@code tokens},
     * {@code applied}, and per layer its {@code top} neurons.
     */
    public JsonNode activations(ActivationsRequest request) throws IOException, BrickException {
        return read(json(request("v1/activations", READ_TIMEOUT), "POST", request));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest json(HttpRequest.Builder request, String method, Object body) throws IOException {
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(RegistryClient.JSON.writeValueAsBytes(body)))
                .build();
    }

    private static ObjectNode object(String field, String value) {
        return RegistryClient.JSON.createObjectNode().put(field, value);
    }

    /** The answer's JSON object. */
    private JsonNode read(HttpRequest request) throws IOException, BrickException {
        return read(request, null);
    }

    /**
     * The answer's JSON object, or its array {@code list} when given (a list's {@code items}); anything else is not
     * the host's answer.
     */
    private JsonNode read(HttpRequest request, String list) throws IOException, BrickException {
        HttpResponse<byte[]> response = send(request);
        requireSuccess(response);
        JsonNode answer;
        try {
            answer = RegistryClient.JSON.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (answer != null && answer.isObject() && list != null) {
            answer = answer.path(list);
        }
        if (answer == null || (list != null ? !answer.isArray() : !answer.isObject())) {
            throw new RegistryProblemException(response.statusCode(), null, response.uri()
                    + " did not answer with the host's JSON; is " + base + " a brick host?");
        }
        return answer;
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        return transport.send(request);
    }

    private void requireSuccess(HttpResponse<byte[]> response) throws IOException, BrickException {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        ProblemDocument problem = ProblemDocument.parse(status, response.body()).orElseThrow(() ->
                new RegistryProblemException(status, null, response.uri() + " answered HTTP " + status
                        + " without a problem document; is " + base + " a brick host?"));
        String detail = problem.detail();
        try {
            Optional<UntrustedBrickException.Reason> untrusted = ErrorCode.untrustedReason(problem.code());
            if (untrusted.isPresent()) {
                throw new UntrustedBrickException(untrusted.get(), "the host refused the brick (" + problem.code()
                        + "): " + detail);
            }
            switch (problem.code()) {
                case "brick_not_installed", "brick_not_found" -> throw new BrickNotFoundException(detail,
                        problem.suggestions());
                case "brick_installed", "no_previous_version" -> throw new BrickConflictException(detail);
                case "brick_invalid" -> throw new MalformedBrickException("the host refused the brick: " + detail);
                case "brick_incompatible", "brick_failed", "precision_mismatch" ->
                        throw new IncompatibleBrickException(detail);
                case "memory_budget_exceeded" -> throw new IncompatibleBrickException("the brick does not fit in the "
                        + "host's brick memory: " + detail);
                case "registry_unavailable" -> throw new RegistryUnreachableException("the host at " + base
                        + " could not use its registry: " + detail, new ServerProblem(problem));
                case "digest_mismatch" -> throw new DigestMismatchException("the host at " + base + " refused a "
                        + "download from its registry: " + detail);
                case "unauthorized" -> throw new RegistryAuthException("the host at " + base + " wants a valid token: "
                        + detail + (token == null ? ". Set BRICKYARD_HOST_TOKEN or give --token-file" : ""));
                case "forbidden" -> throw new RegistryAuthException("the host at " + base + " refused the token: "
                        + detail);
                case "host_not_allowed", "origin_not_allowed" -> throw new RegistryAuthException("the host at " + base
                        + " refused the request: " + detail);
                case "bad_request", "no_registry" -> throw new RegistryProblemException(400, problem.code(), detail);
                default -> throw new RegistryProblemException(status, problem.code(), "the host answered " + status
                        + " " + problem.code() + ": " + detail + (problem.errorId() == null ? ""
                        : " (error id " + problem.errorId() + " in the host's log)"));
            }
        } catch (BrickException failure) {
            throw ServerProblem.attach(failure, problem);
        } catch (IOException failure) {
            throw ServerProblem.attach(failure, problem);
        }
    }
}
