package dev.brickyard.host.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickId;
import dev.brickyard.api.SemVer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Where the host gets bricks by reference: {@code GET /v1/resolve} picks the version, the bundle is downloaded to a
 * staging file while it is hashed, and only bytes with the registry's SHA-256 are handed on. Any failure deletes the
 * staging file, so a registry that goes away mid-download leaves the host as it was.
 */
public final class RegistrySource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI registry;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();

    public RegistrySource(URI registry) {
        String text = registry.toString();
        this.registry = URI.create(text.endsWith("/") ? text : text + "/");
    }

    public URI registry() {
        return registry;
    }

    /** A version the registry chose for a reference. */
    public record Resolved(BrickId id, SemVer version, String digest, long size, URI download) {
    }

    /**
     * The best version for {@code ns/name[@range]} built for the base model.
     *
     * @throws NotInRegistryException when nothing matches
     */
    public Resolved resolve(String reference, String baseModel) throws BrickException {
        URI uri = registry.resolve("v1/resolve?ref=" + URLEncoder.encode(reference, StandardCharsets.UTF_8)
                + "&base=" + URLEncoder.encode(baseModel, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build());
        JsonNode body = json(response.body());
        if (response.statusCode() == 404 || response.statusCode() == 400) {
            throw new NotInRegistryException("the registry at " + registry + " has nothing for '" + reference + "': "
                    + body.path("detail").asText("HTTP " + response.statusCode()));
        }
        if (response.statusCode() != 200) {
            throw new RegistryUnavailableException("the registry at " + registry + " answered HTTP "
                    + response.statusCode() + " to " + uri, null);
        }
        return new Resolved(BrickId.parse(body.path("id").asText()), SemVer.parse(body.path("version").asText()),
                body.path("digest").asText(), body.path("size").asLong(),
                URI.create(body.path("downloadUrl").asText()));
    }

    /** Downloads a resolved version into {@code folder}, checking its digest. */
    public Path download(Resolved resolved, Path folder) throws BrickException, IOException {
        Path file = Files.createTempFile(folder, "download-", ".jar");
        boolean kept = false;
        try {
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(resolved.download()).timeout(TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw unavailable(e);
            }
            MessageDigest sha256 = sha256();
            try (InputStream body = new DigestInputStream(response.body(), sha256);
                 OutputStream out = Files.newOutputStream(file)) {
                if (response.statusCode() != 200) {
                    throw new RegistryUnavailableException("the registry answered HTTP " + response.statusCode()
                            + " to the download of " + resolved.id() + "@" + resolved.version(), null);
                }
                body.transferTo(out);
            } catch (IOException e) {
                throw unavailable(e);
            }
            String digest = "sha256:" + HexFormat.of().formatHex(sha256.digest());
            if (!digest.equals(resolved.digest())) {
                throw new DigestMismatchException("the download of " + resolved.id() + "@" + resolved.version()
                        + " has digest " + digest + ", not the registry's " + resolved.digest() + "; not installed");
            }
            kept = true;
            return file;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while downloading from " + registry, e);
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws BrickException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while asking " + registry, e);
        }
    }

    private RegistryUnavailableException unavailable(IOException e) {
        return new RegistryUnavailableException("the registry at " + registry + " is unavailable: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
