package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.access.HostScope;
import dev.brickyard.host.access.HostTokens;
import dev.brickyard.http.server.ServerLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm client (the exact version pinned in {@code src/test/node/package.json}) against a
 * real host with tokens: {@code embeddings.mjs} embeds texts (in the client's default base64 and in floats, with an
 * adapter), lists and retrieves models and provokes refusals; this test checks what the client got against the base
 * model. Needs {@code node} and {@code npm ci} in {@code src/test/node}; without them the test is skipped, except on
 * CI ({@code CI=true}), where it fails.
 */
class OpenAiNodeClientTest {
    static final Path CLIENT = Path.of("src", "test", "node");
    static final List<String> TEXTS = List.of("The battery died after a week.", "Great phone, I love the camera.");

    @TempDir
    Path folder;

    @Test
    void theOfficialClientEmbedsListsModelsAndReadsTheErrors() throws Exception {
        requireClient();
        HostTokens tokens = HostTokens.open(folder.resolve("tokens.json"));
        String admin = tokens.create(EnumSet.of(HostScope.ADMIN), "test admin").secret();
        String infer = tokens.create(EnumSet.of(HostScope.INFER), "openai client").secret();
        try (HostServer server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null,
                ServerLimits.DEFAULT, new HostAccess(tokens, Set.of(), null))) {
            HostClient.Answer installed = new HostClient(server.uri(), admin).postBundle("v1/bricks",
                    BrickJar.adapter("acme/terms", "1.0.0", 4, 0.05f, "layer.5.ffn_out").writeTo(folder));
            assertEquals(201, installed.status(), installed.toString());
            JsonNode got = run(server, infer);

            float[][] direct = server.host().baseModel().embed(TEXTS);
            JsonNode byDefault = got.path("byDefault");
            assertEquals("all-minilm-l6-v2", byDefault.path("model").asText());
            assertEquals(TEXTS.size(), byDefault.path("data").size());
            long tokensRead = 0;
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] vector = OpenAiEndpointsTest.floats(byDefault.path("data").get(i).path("embedding"));
                assertEquals(384, vector.length, "the client decoded the base64 it asked for");
                assertTrue(OpenAiEndpointsTest.cosine(direct[i], vector) > 0.9999);
                tokensRead += server.host().baseModel().tokenizer().encode(TEXTS.get(i)).length;
            }
            assertEquals(tokensRead, byDefault.path("usage").path("prompt_tokens").asLong());
            assertEquals(tokensRead, byDefault.path("usage").path("total_tokens").asLong());
            assertTrue(OpenAiEndpointsTest.cosine(direct[0], OpenAiEndpointsTest.floats(got.path("floats")
                    .path("data").get(0).path("embedding"))) > 0.9999);

            float[][] adapted = server.host().embed(TEXTS, List.of(dev.brickyard.api.version.BrickId
                    .parse("acme/terms"))).vectors();
            JsonNode withAdapter = got.path("withAdapter");
            assertEquals("all-minilm-l6-v2+acme/terms@1.0.0", withAdapter.path("model").asText());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertTrue(OpenAiEndpointsTest.cosine(adapted[i], OpenAiEndpointsTest.floats(withAdapter.path("data")
                        .get(i).path("embedding"))) > 0.9999);
            }

            List<String> models = new ArrayList<>();
            got.path("models").forEach(model -> models.add(model.asText()));
            assertEquals(List.of("all-minilm-l6-v2", "all-minilm-l6-v2+acme/terms"), models);
            assertEquals("all-minilm-l6-v2+acme/terms", got.path("model").path("id").asText());
            assertEquals("model", got.path("model").path("object").asText());

            refused(got.path("unknownModel"), "NotFoundError", 404, "model_not_found", "model");
            refused(got.path("tokenIds"), "BadRequestError", 400, "bad_request", "input");
            refused(got.path("dimensions"), "BadRequestError", 400, "bad_request", "dimensions");
            refused(got.path("badToken"), "AuthenticationError", 401, "unauthorized", null);
        }
    }

    /** The client raised its own error class for the status, and read the code, type and param of the body. */
    private static void refused(JsonNode refusal, String errorClass, int status, String code, String param) {
        assertTrue(refusal.path("refused").asBoolean(), refusal.toString());
        assertTrue(refusal.path("openAiError").asBoolean(), refusal.toString());
        assertEquals(errorClass, refusal.path("class").asText(), refusal.toString());
        assertEquals(status, refusal.path("status").asInt(), refusal.toString());
        assertEquals(code, refusal.path("code").asText(), refusal.toString());
        assertEquals(status == 401 ? "authentication_error" : "invalid_request_error", refusal.path("type").asText());
        assertEquals(param, refusal.path("param").isNull() || refusal.path("param").isMissingNode() ? null
                : refusal.path("param").asText(), refusal.toString());
    }

    private static JsonNode run(HostServer server, String token) throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", "embeddings.mjs").directory(CLIENT.toFile())
                .redirectErrorStream(false);
        node.environment().put("BRICKYARD_HOST", server.uri().toString());
        node.environment().put("BRICKYARD_TOKEN", token);
        node.environment().put("BRICKYARD_MODEL", "all-minilm-l6-v2");
        node.environment().put("BRICKYARD_ADAPTER", "acme/terms");
        Path errors = Files.createTempFile("openai-node", ".err");
        node.redirectError(errors.toFile());
        Process process = node.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the openai client did not finish in 120 s");
        }
        String err = Files.readString(errors);
        Files.delete(errors);
        assertEquals(0, process.exitValue(), "node embeddings.mjs failed:\n" + err + out);
        return HostClient.JSON.readTree(out);
    }

    /** Skips without node or the installed client, except on CI, where a missing client is a failure. */
    private static void requireClient() throws Exception {
        String missing = null;
        if (!Files.isRegularFile(CLIENT.resolve("node_modules/openai/package.json"))) {
            missing = "the openai client is not installed in " + CLIENT.toAbsolutePath() + " (run npm ci there)";
        } else {
            try {
                Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
                version.getInputStream().readAllBytes();
                if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                    missing = "node --version failed";
                }
            } catch (java.io.IOException e) {
                missing = "node is not on the PATH: " + e.getMessage();
            }
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
    }
}
