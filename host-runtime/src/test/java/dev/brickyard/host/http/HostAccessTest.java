package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.RawHttp;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.access.HostTokens;
import dev.brickyard.http.client.ClientTls;
import dev.brickyard.http.client.HostClient;
import dev.brickyard.http.client.RegistryAuthException;
import dev.brickyard.http.server.ServerLimits;
import dev.brickyard.http.server.ServerTls;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host with tokens, on a real server: every endpoint needs the scope it guards, tokens made or revoked while the
 * host serves count at the next request, requests addressed by a name the host was not configured with are refused
 * (DNS rebinding), and HTTPS serves from a PKCS#12 keystore.
 */
class HostAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path folder;
    static HostServer server;
    static HostTokens tokens;
    static String admin;
    static String infer;

    @BeforeAll
    static void start() throws Exception {
        tokens = HostTokens.open(folder.resolve("tokens.json"));
        admin = tokens.create(EnumSet.of(HostScope.ADMIN), "test admin").secret();
        infer = tokens.create(EnumSet.of(HostScope.INFER), "test infer").secret();
        server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null, ServerLimits.DEFAULT,
                new HostAccess(tokens, Set.of("host.example"), null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String code) throws Exception {
        assertEquals(status, answer.statusCode(), answer.body());
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals(code, problem.path("code").asText(), answer.body());
        assertEquals(status, problem.path("status").asInt());
    }

    private static HttpRequest.BodyPublisher json(String text) {
        return HttpRequest.BodyPublishers.ofString(text);
    }

    /** Every endpoint that changes the host, with a body it would accept from an admin. */
    private static List<HttpRequest.Builder> adminRequests(String token) throws Exception {
        byte[] bundle = BrickJar.head("acme/guarded", "1.0.0", "a", "b").bytes();
        return List.of(
                at("v1/bricks", token).header("Content-Type", "application/json").POST(json("{\"ref\":\"acme/x@1\"}")),
                at("v1/bricks", token).header("Content-Type", "application/java-archive")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bundle)),
                at("v1/bricks/acme/guarded", token).header("Content-Type", "application/json")
                        .PUT(json("{\"version\":\"1.0.0\"}")),
                at("v1/bricks/acme/guarded", token).header("Content-Type", "application/java-archive")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bundle)),
                at("v1/bricks/acme/guarded/rollback", token).POST(HttpRequest.BodyPublishers.noBody()),
                at("v1/bricks/acme/guarded", token).DELETE());
    }

    @Test
    void withoutATokenOnlyTheHealthChecksAndTheApiDescriptionAnswer() throws Exception {
        assertEquals(200, send(at("v1/health", null).GET()).statusCode());
        assertEquals(200, send(at("openapi.json", null).GET()).statusCode());
        for (HttpRequest.Builder request : List.of(at("v1/bricks", null).GET(), at("metrics", null).GET(),
                at("v1/bricks/acme/x", null).GET(),
                at("v1/infer", null).header("Content-Type", "application/json").POST(json("{\"text\":\"a\"}")),
                at("v1/activations", null).header("Content-Type", "application/json").POST(json("{\"text\":\"a\"}")))) {
            HttpResponse<String> answer = send(request);
            assertProblem(answer, 401, "unauthorized");
            assertTrue(answer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                    answer.headers().toString());
        }
        for (HttpRequest.Builder request : adminRequests(null)) {
            assertProblem(send(request), 401, "unauthorized");
        }
    }

    @Test
    void anInferTokenReadsAndAnswersButChangesNothing() throws Exception {
        assertEquals(200, send(at("v1/bricks", infer).GET()).statusCode());
        assertEquals(200, send(at("metrics", infer).GET()).statusCode());
        assertEquals(200, send(at("v1/infer", infer).header("Content-Type", "application/json")
                .POST(json("{\"text\":\"a\"}"))).statusCode());
        for (HttpRequest.Builder request : adminRequests(infer)) {
            HttpResponse<String> answer = send(request);
            assertProblem(answer, 403, "forbidden");
            assertTrue(answer.body().contains("admin"), answer.body());
        }
        assertTrue(server.host().bricks().isEmpty(), "nothing was installed");
    }

    @Test
    void unknownMalformedAndOtherSchemesAreUnauthorized() throws Exception {
        String forged = admin.substring(0, admin.length() - 2) + (admin.endsWith("AA") ? "BB" : "AA");
        for (String header : List.of("Bearer " + forged, "Bearer bkh_x", "Bearer ", "Basic " + admin, admin)) {
            assertProblem(send(HttpRequest.newBuilder(URI.create(server.uri() + "v1/bricks"))
                    .header("Authorization", header).GET()), 401, "unauthorized");
        }
    }

    @Test
    void anAdminTokenChangesTheHostAndTheCommandLineClientSendsIt() throws Exception {
        HostClient client = new HostClient(server.uri(), admin, null, line -> { });
        Path bundle = BrickJar.head("acme/admitted", "1.0.0", "a", "b").writeTo(folder);
        assertEquals("acme/admitted", client.install(bundle).path("id").asText());
        client.remove(BrickId.parse("acme/admitted"));
        RegistryAuthException refused = assertThrows(RegistryAuthException.class,
                () -> new HostClient(server.uri(), infer, null, line -> { }).install(bundle));
        assertTrue(refused.getMessage().contains("admin"), refused.getMessage());
        RegistryAuthException none = assertThrows(RegistryAuthException.class,
                () -> new HostClient(server.uri(), line -> { }).bricks());
        assertTrue(none.getMessage().contains("BRICKYARD_HOST_TOKEN"), none.getMessage());
    }

    @Test
    void tokensMadeAndRevokedWhileTheHostServesCountAtTheNextRequest() throws Exception {
        // As 'brick host token create' does it: another process (here another reader) writes the file.
        HostTokens commandLine = HostTokens.open(tokens.file());
        String fresh = commandLine.create(EnumSet.of(HostScope.INFER), "made while serving").secret();
        assertEquals(200, send(at("v1/bricks", fresh).GET()).statusCode());
        commandLine.revoke(fresh.substring(4, 16));
        assertProblem(send(at("v1/bricks", fresh).GET()), 401, "unauthorized");
        assertEquals(200, send(at("v1/bricks", infer).GET()).statusCode(), "other tokens still work");
    }

    @Test
    void aBrokenTokenFileKeepsTheTokensReadLast() throws Exception {
        Path file = folder.resolve("broken-tokens.json");
        HostTokens writer = HostTokens.open(file);
        String secret = writer.create(EnumSet.of(HostScope.INFER), "").secret();
        HostTokens reader = HostTokens.open(file);
        Files.writeString(file, "{\"format\": 1, \"tokens\": [ broken");
        assertTrue(reader.authenticate(secret).isPresent(), "the last good tokens stay");
        assertThrows(IOException.class, () -> HostTokens.open(file), "a host does not start on a broken file");
    }

    @Test
    void aHostNameItWasNotConfiguredWithIsRefusedAgainstDnsRebinding() throws Exception {
        assertTrue(raw("rebind.attacker.example", null).startsWith("HTTP/1.1 421"));
        assertTrue(raw("rebind.attacker.example", null).contains("host_not_allowed"));
        assertTrue(raw("host.example:8081", null).startsWith("HTTP/1.1 200"));
        assertTrue(raw("HOST.EXAMPLE.", null).startsWith("HTTP/1.1 200"));
        assertTrue(raw("localhost:1", null).startsWith("HTTP/1.1 200"));
        assertTrue(raw("[::1]:8081", null).startsWith("HTTP/1.1 200"));
        assertTrue(raw("10.1.2.3", null).startsWith("HTTP/1.1 200"));
        assertTrue(raw("host.example@evil.example", null).startsWith("HTTP/1.1 421"));
        assertTrue(raw("127.0.0.1", "http://rebind.attacker.example").startsWith("HTTP/1.1 403"));
        assertTrue(raw("127.0.0.1", "http://rebind.attacker.example").contains("origin_not_allowed"));
        assertTrue(raw("127.0.0.1", "null").startsWith("HTTP/1.1 403"));
        assertTrue(raw("127.0.0.1", "https://host.example").startsWith("HTTP/1.1 200"));
    }

    /** The status line and body of {@code GET /v1/health} sent with this {@code Host} and {@code Origin}. */
    private static String raw(String host, String origin) throws IOException {
        try (Socket socket = RawHttp.connect(server.uri())) {
            RawHttp.send(socket, "GET /v1/health HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n");
            return RawHttp.readUntilClosed(socket);
        }
    }

    @Test
    void httpsServesFromAPkcs12KeystoreAndTheClientTrustsItsCertificate() throws Exception {
        Path keystore = folder.resolve("host.p12");
        Path certificate = folder.resolve("host.pem");
        keytool("-genkeypair", "-alias", "host", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "host", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ServerTls.fromPkcs12(keystore, "wrong".toCharArray()));
        assertTrue(wrong.getMessage().contains("password"), wrong.getMessage());
        try (HostServer https = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null,
                ServerLimits.DEFAULT, new HostAccess(tokens, Set.of(),
                        ServerTls.fromPkcs12(keystore, "changeit".toCharArray())))) {
            assertEquals("https", https.uri().getScheme());
            HostClient client = new HostClient(https.uri(), infer, ClientTls.trusting(certificate), line -> { });
            assertTrue(client.bricks().isArray());
            assertThrows(IOException.class, () -> new HostClient(https.uri(), infer, null, line -> { }).bricks(),
                    "a certificate the client does not trust is refused");
        }
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }
}
