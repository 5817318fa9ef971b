package dev.brickyard.registry.resource;

import static dev.brickyard.registry.resource.PublishApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance statements on a real registry (Jersey on a random port, H2 in a temporary folder): a bundle's
 * {@code brick/provenance.json} is checked at publish, its summary stored with the version and shown in the version's
 * JSON and on the brick's page; a malformed one, or one about other bytes, is refused with
 * {@code provenance_invalid} and publishes nothing.
 */
class ProvenancePublishTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DATA_DIGEST = "e679c0ffee00000000000000000000000000000000000000000000000000beef";
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

    /** A head brick with a statement naming its weights with {@code weightsDigest} (null: their real digest). */
    static BrickJar traced(String id, String weightsDigest) throws Exception {
        BrickJar brick = BrickJar.head(id, "1.0.0", "negative", "positive");
        String weights = BrickHeaders.BRICK_FOLDER + brick.manifest().weights().get(0);
        String digest = weightsDigest != null ? weightsDigest : sha256(entry(brick.bytes(), weights));
        String statement = """
                {
                  "_type": "https://in-toto.io/Statement/v1",
                  "subject": [ { "name": "%s", "digest": { "sha256": "%s" } } ],
                  "predicateType": "https://brickyard.dev/provenance/v1",
                  "predicate": {
                    "brick": "%s@1.0.0",
                    "publisher": "Ada (user ada)",
                    "command": [ "brick", "train", "head", "--data", "reviews.tsv", "--out", "traced" ],
                    "materials": [ { "uri": "reviews.tsv", "digest": { "sha256": "%s" } } ],
                    "baseModel": { "name": "all-minilm-l6-v2", "digest": { "sha256": "%s" } },
                    "createdAt": "2026-12-05T17:00:00Z"
                  }
                }
                """.formatted(weights, digest, id, DATA_DIGEST,
                BaseModelVariant.FP32.digest().substring("sha256:".length()));
        return brick.entry("brick/provenance.json", statement.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theStatementIsStoredAndShownInTheApiAndOnThePage() throws Exception {
        BrickJar brick = traced("acme/traced", null);
        HttpResponse<String> created = registry.publish(brick);
        assertEquals(201, created.statusCode(), created.body());

        JsonNode provenance = JSON.readTree(registry.get("v1/bricks/acme/traced/1.0.0").body()).path("provenance");
        assertEquals("https://brickyard.dev/provenance/v1", provenance.path("predicateType").asText());
        assertEquals("brick train head --data reviews.tsv --out traced",
                String.join(" ", JSON.convertValue(provenance.path("command"), String[].class)));
        assertEquals("reviews.tsv", provenance.path("materials").path(0).path("name").asText());
        assertEquals(DATA_DIGEST, provenance.path("materials").path(0).path("sha256").asText());
        String weights = BrickHeaders.BRICK_FOLDER + brick.manifest().weights().get(0);
        assertEquals(weights, provenance.path("subjects").path(0).path("name").asText());
        assertEquals(sha256(entry(brick.bytes(), weights)), provenance.path("subjects").path(0).path("sha256")
                .asText());
        assertEquals(BaseModelVariant.FP32.digest(), "sha256:" + provenance.path("baseModel").path("sha256").asText());
        assertEquals("Ada (user ada)", provenance.path("publisher").asText());
        assertEquals(provenance, JSON.readTree(created.body()).path("provenance"), "the publish answer says the same");

        String page = registry.get("bricks/acme/traced").body();
        assertTrue(page.contains("<dt>Provenance</dt>"), page);
        assertTrue(page.contains("brick train head --data reviews.tsv --out traced"), page);
        assertTrue(page.contains("reviews.tsv <code title=\"sha256:" + DATA_DIGEST + "\">"), page);
    }

    @Test
    void aBundleWithoutAStatementHasNone() throws Exception {
        HttpResponse<String> created = registry.publish(BrickJar.head("acme/untraced", "1.0.0", "a", "b"));
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(JSON.readTree(registry.get("v1/bricks/acme/untraced/1.0.0").body()).path("provenance")
                .isMissingNode());
        assertTrue(registry.get("bricks/acme/untraced").body().contains("<dt>Provenance</dt><dd>none</dd>"));
    }

    @Test
    void aMalformedStatementIsRefusedAndNothingIsStored() throws Exception {
        BrickJar notJson = BrickJar.head("acme/malformed", "1.0.0", "a", "b")
                .entry("brick/provenance.json", "{\"_type\": ".getBytes(StandardCharsets.UTF_8));
        assertRefused(notJson, "brick/provenance.json");

        BrickJar notAStatement = BrickJar.head("acme/malformed", "1.0.0", "a", "b")
                .entry("brick/provenance.json", "{\"subject\": []}".getBytes(StandardCharsets.UTF_8));
        JsonNode problem = assertRefused(notAStatement, "brick/provenance.json:$._type");
        assertTrue(problem.toString().contains("brick/provenance.json:$.subject"), problem.toString());

        BrickJar otherBytes = traced("acme/malformed", "0".repeat(64));
        assertRefused(otherBytes, "brick/provenance.json:$.subject[0]");
    }

    /** Publishes, expects 422 provenance_invalid with a violation at {@code path}, and that nothing was stored. */
    private static JsonNode assertRefused(BrickJar brick, String path) throws Exception {
        HttpResponse<String> refused = registry.publish(brick);
        assertProblem(refused, 422, "provenance_invalid");
        JsonNode problem = JSON.readTree(refused.body());
        boolean named = false;
        for (JsonNode violation : problem.path("violations")) {
            named |= violation.path("path").asText().equals(path);
        }
        assertTrue(named, "no violation at " + path + ": " + refused.body());
        assertEquals(404, registry.get("v1/bricks/" + brick.manifest().id()).statusCode(), "nothing was published");
        assertEquals(404, registry.get("v1/bricks/" + brick.manifest().id() + "/1.0.0").statusCode());
        return problem;
    }

    private static byte[] entry(byte[] jar, String name) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " is not in the bundle");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
