package dev.brickyard.registry;

import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.store.TokenRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A real registry for tests: Jersey on a random loopback port, H2 and blobs in a temporary folder (or the
 * database URL given), the real base model. Publishes bundles over HTTP as a brick author would.
 */
public final class RegistryFixture implements AutoCloseable {
    private final RegistryServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String token;

    private RegistryFixture(RegistryServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** A registry on H2 under the folder, with a publish, yank and keys token for namespace {@code acme}. */
    public static RegistryFixture start(Path folder) throws Exception {
        return start(RegistryConfig.embedded(folder, 0));
    }

    public static RegistryFixture start(RegistryConfig config) throws Exception {
        RegistryServer server = RegistryServer.start(config);
        String token = server.registry().tokens()
                .create("acme", EnumSet.of(TokenRecord.Scope.PUBLISH, TokenRecord.Scope.YANK, TokenRecord.Scope.KEYS), "test")
                .secret();
        return new RegistryFixture(server, token);
    }

    public RegistryServer server() {
        return server;
    }

    public URI uri() {
        return server.uri();
    }

    /** The secret of the fixture's token for namespace {@code acme}. */
    public String token() {
        return token;
    }

    /** A new token's secret. */
    public String token(String namespace, Set<TokenRecord.Scope> scopes) {
        return server.registry().tokens().create(namespace, scopes, "test").secret();
    }

    /** PUTs a bundle to the URL of its own id and version with the fixture's token. */
    public HttpResponse<String> publish(BrickJar brick) throws IOException, InterruptedException {
        return publish(brick.manifest().id(), brick.manifest().version(), brick.bytes(), token);
    }

    /** PUTs bytes to {@code /v1/bricks/{id}/{version}} with a token (null for none). */
    public HttpResponse<String> publish(String id, String version, byte[] body, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri().resolve("v1/bricks/" + id + "/" + version))
                .header("Content-Type", "application/java-archive")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes a file (e.g. an example brick bundle). */
    public HttpResponse<String> publish(String id, String version, Path bundle) throws IOException, InterruptedException {
        return publish(id, version, Files.readAllBytes(bundle), token);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri().resolve(path))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        server.close();
    }
}
