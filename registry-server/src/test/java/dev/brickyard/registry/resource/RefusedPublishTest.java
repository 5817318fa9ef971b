package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.HostileGraphs;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles the registry refuses at publish with 422 {@code brick_invalid}, storing nothing: a brick.json in another
 * encoding than UTF-8 (before the rule, a UTF-16 manifest was committed and every later read of the brick answered
 * 500), and capabilities outside the allowlist (a bundle posing as a base model, asking for an execution
 * environment).
 */
class RefusedPublishTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(RegistryConfig.embedded(data, 0));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void otherEncodingsAreRefusedAndNothingIsStored() throws Exception {
        BrickJar brick = BrickJar.head("acme/encoded", "1.0.0", "negative", "positive");
        String manifest = new String(ManifestJson.write(brick.manifest()), StandardCharsets.UTF_8);
        for (Charset charset : new Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                Charset.forName("UTF-32")}) {
            HttpResponse<String> refused = registry.publish("acme/encoded", "1.0.0",
                    brick.brickJson(manifest.getBytes(charset)).bytes(), registry.token());
            assertEquals(422, refused.statusCode(), charset + ": " + refused.body());
            JsonNode problem = JSON.readTree(refused.body());
            assertEquals("brick_invalid", problem.path("code").asText(), refused.body());
            assertTrue(problem.path("detail").asText().contains("UTF-8"), refused.body());
        }
        byte[] withBom = ("\uFEFF" + manifest).getBytes(StandardCharsets.UTF_8);
        assertEquals(422, registry.publish("acme/encoded", "1.0.0", brick.brickJson(withBom).bytes(),
                registry.token()).statusCode());

        assertEquals(404, registry.get("v1/bricks/acme/encoded").statusCode());
        assertEquals(0, registry.server().registry().store().versions(
                dev.brickyard.api.version.BrickId.parse("acme/encoded")).size());
        for (String folder : new String[] {"blobs", "staging"}) {
            try (Stream<Path> files = Files.walk(data.resolve(folder))) {
                assertEquals(0, files.filter(Files::isRegularFile).count(), "nothing is kept in " + folder);
            }
        }

        HttpResponse<String> utf8 = registry.publish("acme/encoded", "1.0.0",
                brick.brickJson(manifest.getBytes(StandardCharsets.UTF_8)).bytes(), registry.token());
        assertEquals(201, utf8.statusCode(), utf8.body());
        assertEquals(200, registry.get("v1/bricks/acme/encoded").statusCode());
    }

    @Test
    void capabilitiesOutsideTheAllowlistAreRefusedAndNothingIsStored() throws Exception {
        for (String[] header : new String[][] {
                {"Provide-Capability", "brick;brick=\"acme/poser\";version:Version=\"1.0.0\";kind=head,"
                        + "brick.base;brick.base=\"evil-model\";dim:Long=384"},
                {"Provide-Capability", "brick;brick=\"acme/poser\";version:Version=\"1.0.0\";kind=head,"
                        + "osgi.ee;osgi.ee=\"JavaSE\";version:Version=\"99\""}}) {
            BrickJar brick = BrickJar.head("acme/poser", "1.0.0", "negative", "positive").header(header[0], header[1]);
            HttpResponse<String> refused = registry.publish("acme/poser", "1.0.0", brick.bytes(), registry.token());
            assertEquals(422, refused.statusCode(), refused.body());
            JsonNode problem = JSON.readTree(refused.body());
            assertEquals("brick_invalid", problem.path("code").asText(), refused.body());
            assertTrue(problem.path("violations").toString().contains("Provide-Capability"), refused.body());
        }
        assertEquals(404, registry.get("v1/bricks/acme/poser").statusCode());
    }

    @Test
    void graphsThatWouldHangOrExhaustTheRegistryAreRefusedAtOnce() throws Exception {
        for (byte[] graph : List.of(HostileGraphs.endlessLoop(), HostileGraphs.hugeTensor())) {
            BrickJar brick = BrickJar.head("acme/hostile", "1.0.0", "negative", "positive").onnx(graph);
            HttpResponse<String> refused = registry.publish("acme/hostile", "1.0.0", brick.bytes(), registry.token());
            assertEquals(422, refused.statusCode(), refused.body());
            JsonNode problem = JSON.readTree(refused.body());
            assertEquals("brick_invalid", problem.path("code").asText(), refused.body());
            assertTrue(problem.path("violations").toString().contains("brick/head.onnx"), refused.body());
        }
        assertEquals(404, registry.get("v1/bricks/acme/hostile").statusCode());
        assertEquals(200, registry.get("v1/bricks").statusCode(), "the registry still answers");
    }
}
