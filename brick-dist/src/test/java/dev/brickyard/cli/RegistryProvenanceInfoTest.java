package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brick info NS/NAME} shows where the latest version came from, as the registry checked it at publish: the
 * provenance statement {@code brick train} wrote (publisher, command, data digests, weights made) and the signer.
 */
class RegistryProvenanceInfoTest {
    @TempDir
    Path folder;

    @Test
    void infoShowsTheLatestVersionsProvenanceFromTheRegistry() throws Exception {
        try (RegistryServer registry = RegistryServer.start(RegistryConfig.embedded(folder.resolve("registry"), 0))) {
            String token = registry.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "t")
                    .secret();
            CliEnvironment environment = CliRun.environment(folder, Map.of("BRICKYARD_TOKEN", token,
                    "BRICKYARD_CONFIG_DIR", folder.resolve("config").toString()));
            Path urgency = folder.resolve("urgency");
            assertEquals(0, CliRun.in(environment, "new", "acme/urgency", "--out", urgency.toString()).exitCode());
            CliRun trained = CliRun.in(environment, "train", "head", "--data",
                    urgency.resolve("data/train.tsv").toString(), "--out", urgency.toString());
            assertEquals(0, trained.exitCode(), trained.toString());
            CliRun published = CliRun.in(environment, "publish", urgency.toString(), "--registry",
                    registry.uri().toString());
            assertEquals(0, published.exitCode(), published.toString());

            CliRun info = CliRun.in(environment, "info", "acme/urgency", "--registry", registry.uri().toString());

            assertEquals(0, info.exitCode(), info.toString());
            String out = info.out();
            assertTrue(out.contains("origin of 0.1.0"), out);
            assertTrue(out.matches("(?s).*signed by +unsigned.*"), out);
            assertTrue(out.matches("(?s).*provenance +https://brickyard.dev/provenance/v1.*"), out);
            assertTrue(out.matches("(?s).*command +brick train head --data .*train\\.tsv --out .*"), out);
            assertTrue(out.matches("(?s).*from +\\S*train\\.tsv sha256:[0-9a-f]{64}.*"), out);
            assertTrue(out.matches("(?s).*made +brick/head\\.onnx sha256:[0-9a-f]{64}.*"), out);
        }
    }
}
