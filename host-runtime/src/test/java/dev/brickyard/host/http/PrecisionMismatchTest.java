package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.base.fixtures.CapturedLog;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.HostStateException;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.precision.PrecisionMismatchException;
import dev.brickyard.host.precision.PrecisionPolicy;
import dev.brickyard.host.precision.PrecisionVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real host serving the int8 build with {@code --precision-mismatch refuse}, over HTTP: a brick trained on fp32
 * whose card shows int8 changes its answers is refused with {@code precision_mismatch} and leaves nothing behind; one
 * whose card shows its answers unchanged, or says nothing, installs, and the listing shows the verdict. A host that
 * restarts on the other build checks its saved bricks again.
 */
class PrecisionMismatchTest {
    @TempDir
    static Path folder;
    static Path storage;
    static HostServer server;
    static HostClient client;

    @BeforeAll
    static void start() throws Exception {
        storage = Files.createDirectories(folder.resolve("storage"));
        server = HostServer.start(BrickHost.open(new HostOptions(BaseModelVariant.INT8, storage)
                .withPrecisionMismatch(PrecisionPolicy.Mismatch.REFUSE)), "127.0.0.1", 0, null);
        client = new HostClient(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A head trained on fp32 (the fixtures' base digest) whose card records this int8 agreement, or none. */
    static Path head(String id, String version, Double int8Agreement) throws Exception {
        BrickJar jar = BrickJar.head(id, version, "negative", "positive").manifest(manifest -> {
            Map<String, Double> metrics = new HashMap<>(manifest.metrics());
            if (int8Agreement != null) {
                metrics.put("heldout_agreement_int8", int8Agreement);
            }
            return manifest.withMetrics(metrics);
        });
        return jar.writeTo(folder, id.replace('/', '.') + "-" + version + ".jar");
    }

    @Test
    void aBrickWhoseCardShowsInt8ChangesItsAnswersIsRefusedAndNothingIsKept() throws Exception {
        long kept = keptArchives();
        HostClient.Answer refused = client.postBundle("v1/bricks", head("acme/changed", "1.0.0", 0.9));
        assertEquals(422, refused.status(), refused.body());
        assertEquals("precision_mismatch", refused.json().path("code").asText(), refused.body());
        String detail = refused.json().path("detail").asText();
        assertTrue(detail.contains("90.0 %") && detail.contains("int8") && detail.contains("--precision fp32"),
                detail);
        assertEquals(404, client.get("v1/bricks/acme/changed").status());
        assertEquals(kept, keptArchives());
    }

    @Test
    void aBrickWhoseAnswersStayTheSameInstallsAndTheListingSaysSo() throws Exception {
        HostClient.Answer installed = client.postBundle("v1/bricks", head("acme/same", "1.0.0", 0.99));
        assertEquals(201, installed.status(), installed.body());
        JsonNode precision = installed.json().path("precision");
        assertEquals("fp32", precision.path("trainedOn").asText());
        assertEquals("int8", precision.path("servedOn").asText());
        assertEquals(0.99, precision.path("heldoutAgreement").asDouble(), 1e-9);
        assertEquals("answers-unchanged", precision.path("verdict").asText());
        assertEquals(precision, client.get("v1/bricks/acme/same").json().path("precision"));
    }

    @Test
    void aBrickWhoseCardDoesNotSayInstallsWithAWarning() throws Exception {
        try (CapturedLog log = CapturedLog.attach()) {
            HostClient.Answer installed = client.postBundle("v1/bricks", head("acme/unmeasured", "1.0.0", null));
            assertEquals(201, installed.status(), installed.body());
            assertEquals("not-measured", installed.json().path("precision").path("verdict").asText());
            assertTrue(installed.json().path("precision").path("heldoutAgreement").isNull(), installed.body());
            assertTrue(log.messages().stream().anyMatch(message -> message.startsWith("acme/unmeasured@1.0.0 was "
                    + "trained on fp32 and its card does not say")), log.messages().toString());
        }
    }

    @Test
    void aSwapToAVersionInt8ChangesKeepsTheOldVersionServing() throws Exception {
        assertEquals(201, client.postBundle("v1/bricks", head("acme/swapped", "1.0.0", 1.0)).status());
        HostClient.Answer refused = client.putBundle("v1/bricks/acme/swapped", head("acme/swapped", "1.1.0", 0.5));
        assertEquals(422, refused.status(), refused.body());
        assertEquals("precision_mismatch", refused.json().path("code").asText());
        assertEquals("1.0.0", client.get("v1/bricks/acme/swapped").json().path("version").asText());
    }

    @Test
    void aWarningHostServesWhatARefusingHostRefuses() throws Exception {
        try (BrickHost host = BrickHost.open(new HostOptions(BaseModelVariant.INT8, null))) {
            InstalledBrick installed = host.install(head("acme/warned", "1.0.0", 0.9));
            PrecisionVerdict verdict = host.precision(installed);
            assertEquals(PrecisionVerdict.Outcome.CHANGES_ANSWERS, verdict.outcome());
            assertEquals(1, host.infer(List.of("fine"), List.of(installed.id())).size());
        }
        try (BrickHost host = BrickHost.open(new HostOptions(BaseModelVariant.FP32, null)
                .withPrecisionMismatch(PrecisionPolicy.Mismatch.REFUSE))) {
            InstalledBrick installed = host.install(head("acme/fp32", "1.0.0", 0.1));
            assertEquals(PrecisionVerdict.Outcome.SAME_BUILD, host.precision(installed).outcome());
        }
    }

    @Test
    void aHostRestartedOnTheOtherBuildChecksItsSavedBricksAgain() throws Exception {
        Path saved = Files.createDirectories(folder.resolve("restarted"));
        try (BrickHost host = BrickHost.open(new HostOptions(BaseModelVariant.FP32, saved))) {
            host.install(head("acme/restarted", "1.0.0", 0.9));
        }
        HostStateException refused = assertThrows(HostStateException.class, () -> BrickHost.open(
                new HostOptions(BaseModelVariant.INT8, saved).withPrecisionMismatch(PrecisionPolicy.Mismatch.REFUSE)));
        assertTrue(refused.getMessage().contains("acme/restarted") && refused.getMessage().contains("int8"),
                refused.getMessage());
        assertTrue(refused.getCause() instanceof PrecisionMismatchException, String.valueOf(refused.getCause()));
        try (BrickHost host = BrickHost.open(new HostOptions(BaseModelVariant.INT8, saved))) {
            InstalledBrick restored = host.bricks().get(0);
            assertEquals(PrecisionVerdict.Outcome.CHANGES_ANSWERS, host.precision(restored).outcome());
        }
    }

    private static long keptArchives() throws Exception {
        Path archives = storage.resolve("archives");
        if (!Files.isDirectory(archives)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(archives)) {
            return files.count();
        }
    }
}
