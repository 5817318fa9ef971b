package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryProcessMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry process is killed with SIGKILL while bundles are being published: after a restart on the same
 * data, every version is either fully there (row and blob with the right digest) or absent, and no staging file
 * is left.
 */
class CrashRecoveryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path data;

    private record Running(Process process, int port, String token) {
    }

    @Test
    void killedMidPublishLeavesEachVersionWholeOrAbsent() throws Exception {
        List<String> attempted = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            Running registry = start(round);
            try {
                // a version that completes, then one cut off half way, then one whose upload completes just as the
                // process dies (verification, commit or response in flight)
                byte[] complete = bundle("1." + round + ".0", 1);
                attempted.add("1." + round + ".0");
                bodies.add(complete);
                assertEquals(201, publish(registry, "1." + round + ".0", complete).statusCode());

                String cutVersion = "2." + round + ".0";
                String lateVersion = "3." + round + ".0";
                byte[] cut = bundle(cutVersion, 3);
                attempted.add(cutVersion);
                bodies.add(cut);
                Thread half = new Thread(() -> sendPartially(registry, cutVersion, cut));
                half.setDaemon(true);
                half.start();
                byte[] late = bundle(lateVersion, 2);
                attempted.add(lateVersion);
                bodies.add(late);
                Thread racing = new Thread(() -> {
                    try {
                        publish(registry, lateVersion, late);
                    } catch (Exception killed) {
                        // the process died under the request, which is the point
                    }
                });
                racing.setDaemon(true);
                racing.start();
                Thread.sleep(150 + 100L * round);
            } finally {
                registry.process().destroyForcibly().waitFor();
            }
        }
        Running restarted = start(99);
        try {
            for (int i = 0; i < attempted.size(); i++) {
                String version = attempted.get(i);
                HttpResponse<String> detail = get(restarted, "v1/bricks/acme/crash/" + version);
                if (detail.statusCode() == 404) {
                    continue;
                }
                assertEquals(200, detail.statusCode(), detail.body());
                String digest = JSON.readTree(detail.body()).get("digest").asText();
                HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + restarted.port() + "/v1/bricks/acme/crash/" + version + "/download")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, download.statusCode());
                assertEquals(digest, sha256(download.body()), version + " is listed but its blob is not whole");
                assertEquals(sha256(bodies.get(i)), digest, version + " holds other bytes than were sent");
            }
            assertTrue(get(restarted, "v1/bricks/acme/crash/1.0.0").statusCode() == 200,
                    "a version acknowledged before the crash must survive it");
            try (Stream<Path> staged = Files.list(data.resolve("staging"))) {
                assertEquals(List.of(), staged.toList(), "staging files survived the restart");
            }
        } finally {
            restarted.process().destroyForcibly().waitFor();
        }
    }

    private Running start(int round) throws Exception {
        Path info = data.getParent().resolve(data.getFileName() + "-info-" + round);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), RegistryProcessMain.class.getName(),
                data.toString(), info.toString())
                .redirectErrorStream(true).redirectOutput(data.getParent().resolve("registry-" + round + ".log").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(info)) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the registry process did not start; see registry-" + round + ".log");
            }
            Thread.sleep(100);
        }
        List<String> lines = Files.readAllLines(info);
        return new Running(process, Integer.parseInt(lines.get(0)), lines.get(1));
    }

    private static byte[] bundle(String version, int megabytes) throws IOException {
        byte[] noise = new byte[megabytes << 20];
        new Random(version.hashCode()).nextBytes(noise);
        return BrickJar.head("acme/crash", version, "a", "b").entry("brick/noise.bin", noise).bytes();
    }

    private static HttpResponse<String> publish(Running registry, String version, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registry.port()
                        + "/v1/bricks/acme/crash/" + version))
                .header("Authorization", "Bearer " + registry.token())
                .header("Content-Type", "application/java-archive")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends half the body and then stalls, so the server is mid-upload when it is killed. */
    private static void sendPartially(Running registry, String version, byte[] body) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + registry.port()
                    + "/v1/bricks/acme/crash/" + version).toURL().openConnection();
            connection.setRequestMethod("PUT");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Authorization", "Bearer " + registry.token());
            connection.setRequestProperty("Content-Type", "application/java-archive");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(20_000);
            }
            try (InputStream ignored = connection.getInputStream()) {
                // not reached: the process is killed first
            }
        } catch (Exception killed) {
            // expected
        }
    }

    private static HttpResponse<String> get(Running registry, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registry.port() + "/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
