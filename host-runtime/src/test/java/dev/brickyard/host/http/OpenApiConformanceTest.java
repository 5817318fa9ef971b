package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.OpenApiResponses;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's real answers fit the schemas its own {@code /openapi.json} gives for them (required fields included),
 * checked with a JSON Schema validator.
 */
class OpenApiConformanceTest {
    @TempDir
    Path jars;

    @Test
    void everyAnswerFitsTheDocument() throws Exception {
        try (HostServer server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null)) {
            HostClient client = new HostClient(server.uri());
            OpenApiResponses document = new OpenApiResponses(client.get("openapi.json").body());
            HostClient.Answer installed = client.postBundle("v1/bricks",
                    BrickJar.head("acme/fits", "1.0.0", "negative", "positive").writeTo(jars));
            assertEquals(201, installed.status(), installed.toString());
            assertEquals(List.of(), document.problems("/v1/bricks", "post", 201, "application/json",
                    installed.body()), installed.body());
            check(document, "/v1/bricks", "get", 200, "application/json", client.get("v1/bricks"));
            check(document, "/v1/health", "get", 200, "application/json", client.get("v1/health"));
            check(document, "/v1/infer", "post", 200, "application/json",
                    client.post("v1/infer", "{\"texts\": [\"fine\", \"bad\"], \"embedding\": true}"));
            check(document, "/v1/infer", "post", 200, "application/json",
                    client.post("v1/infer", "{\"text\": \"fine\", \"route\": {\"topK\": 1, \"minScore\": -1}}"));
            check(document, "/v1/infer", "post", 400, "application/problem+json",
                    client.post("v1/infer", "{\"text\": \"fine\", \"colour\": 1}"));
            check(document, "/v1/infer", "post", 404, "application/problem+json",
                    client.post("v1/infer", "{\"text\": \"fine\", \"bricks\": [\"acme/none\"]}"));
            check(document, "/v1/infer", "post", 415, "application/problem+json",
                    client.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("v1/infer"))
                            .header("Content-Type", "text/plain")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("fine"))));
            String texts = "{\"id\": \"7\", \"inputs\": [{\"name\": \"text\", \"shape\": [2, 1], \"datatype\": "
                    + "\"BYTES\", \"data\": [[\"fine\"], [\"bad\"]]}]}";
            check(document, "/v2", "get", 200, "application/json", client.get("v2"));
            check(document, "/v2/health/live", "get", 200, "application/json", client.get("v2/health/live"));
            check(document, "/v2/health/ready", "get", 200, "application/json", client.get("v2/health/ready"));
            check(document, "/v2/models/{name}", "get", 200, "application/json", client.get("v2/models/acme.fits"));
            check(document, "/v2/models/{name}/versions/{version}", "get", 200, "application/json",
                    client.get("v2/models/acme%2Ffits/versions/1.0.0"));
            check(document, "/v2/models/{name}/ready", "get", 200, "application/json",
                    client.get("v2/models/acme.fits/ready"));
            check(document, "/v2/models/{name}/versions/{version}/ready", "get", 404, "application/json",
                    client.get("v2/models/acme.fits/versions/2.0.0/ready"));
            check(document, "/v2/models/{name}/infer", "post", 200, "application/json",
                    client.post("v2/models/acme.fits/infer", texts));
            check(document, "/v2/models/{name}/versions/{version}/infer", "post", 200, "application/json",
                    client.post("v2/models/acme.fits/versions/1.0.0/infer", texts));
            check(document, "/v2/models/{name}/infer", "post", 400, "application/json",
                    client.post("v2/models/acme.fits/infer", "{\"inputs\": []}"));
            check(document, "/v2/models/{name}/infer", "post", 404, "application/json",
                    client.post("v2/models/acme.none/infer", texts));
            check(document, "/v2/repository/index", "post", 200, "application/json",
                    client.post("v2/repository/index", "{\"ready\": false}"));
            check(document, "/v2/repository/models/{name}/load", "post", 400, "application/json",
                    client.post("v2/repository/models/acme.none/load", ""));
            check(document, "/v2/repository/models/{name}/unload", "post", 404, "application/json",
                    client.post("v2/repository/models/acme.none/unload", ""));
            assertEquals(201, client.postBundle("v1/bricks", BrickJar.adapter("acme/terms", "1.0.0", 2, 0.05f,
                    "layer.5.ffn_out").writeTo(jars)).status());
            check(document, "/v1/embeddings", "post", 200, "application/json", client.post("v1/embeddings",
                    "{\"model\": \"all-minilm-l6-v2+acme/terms\", \"input\": [\"fine\", \"bad\"]}"));
            check(document, "/v1/embeddings", "post", 200, "application/json", client.post("v1/embeddings",
                    "{\"model\": \"all-minilm-l6-v2\", \"input\": \"fine\", \"encoding_format\": \"base64\"}"));
            check(document, "/v1/embeddings", "post", 400, "application/json", client.post("v1/embeddings",
                    "{\"model\": \"all-minilm-l6-v2\", \"input\": [[101, 102]]}"));
            check(document, "/v1/embeddings", "post", 404, "application/json", client.post("v1/embeddings",
                    "{\"model\": \"text-embedding-3-small\", \"input\": \"fine\"}"));
            check(document, "/v1/embeddings", "post", 415, "application/json",
                    client.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("v1/embeddings"))
                            .header("Content-Type", "text/plain")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("fine"))));
            check(document, "/v1/models", "get", 200, "application/json", client.get("v1/models"));
            check(document, "/v1/models/{model}", "get", 200, "application/json",
                    client.get("v1/models/all-minilm-l6-v2+acme/terms"));
            check(document, "/v1/models/{model}", "get", 404, "application/json",
                    client.get("v1/models/all-minilm-l6-v2+acme/fits"));
            check(document, "/v1/bricks", "post", 422, "application/problem+json",
                    client.postBundle("v1/bricks", BrickJar.head("acme/broken", "1.0.0", "a", "b")
                            .onnx(new byte[] {1, 2, 3}).writeTo(jars)));
        }
    }

    private static void check(OpenApiResponses document, String path, String method, int status, String mediaType,
                              HostClient.Answer answer) throws Exception {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals(List.of(), document.problems(path, method, status, mediaType, answer.body()),
                answer.toString());
    }
}
