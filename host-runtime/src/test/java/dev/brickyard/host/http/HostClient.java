package dev.brickyard.host.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A plain HTTP client for a host under test, answering status and parsed JSON. */
final class HostClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    HostClient(URI base) {
        this(base, null);
    }

    /** A client that sends {@code Authorization: Bearer token} with every request (none when token is null). */
    HostClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A status and a body, parsed when it is JSON. */
    record Answer(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer put(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer postBundle(String path, Path jar) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar)));
    }

    /** Installs each brick from its bundle, written in a folder of its own under {@code folder}; each must be 201. */
    void installAll(Path folder, List<BrickJar> bricks) throws IOException, InterruptedException {
        for (BrickJar brick : bricks) {
            Path jar = brick.writeTo(Files.createDirectories(folder.resolve(brick.manifest().brickId().name())));
            Answer installed = postBundle("v1/bricks", jar);
            if (installed.status() != 201) {
                throw new AssertionError("installing " + brick.manifest().brickId() + ": " + installed);
            }
        }
    }

    Answer putBundle(String path, Path jar) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/java-archive")
                .PUT(HttpRequest.BodyPublishers.ofFile(jar)));
    }

    Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }
}
