package dev.brickyard.host;

import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.http.HostServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Runs a host in a process of its own, for tests that kill it: {@code HostProcessMain STORAGE SEED} opens a host on
 * the storage folder (restoring what is saved there), serves it over HTTP and changes its bricks over HTTP, one
 * change after another, chosen by the seed, until it is killed. It prints, each line flushed:
 * <pre>
 * ready STATE               the host restored STATE and serves
 * next N STATE              change N is about to be sent; STATE is what it should leave
 * ack N STATE               change N was answered 2xx; STATE is what the host then holds
 * </pre>
 * A STATE lists the bricks in order, each as {@code id=sha256,sha256...}: the installed bundle's digest, then its
 * earlier versions', most recent first ({@link #describe}).
 */
public final class HostProcessMain {
    static final List<String> IDS = List.of("acme/c0", "acme/c1", "acme/c2", "acme/c3");
    static final int VERSIONS = 6;

    private HostProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Random random = new Random(Long.parseLong(args[1]));
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        for (String id : IDS) {
            for (int v = 0; v < VERSIONS; v++) {
                bundles.put(id + "@1.0." + v, BrickJar.head(id, "1.0." + v, "x", "y").bytes());
            }
        }
        HostServer server = HostServer.start(BrickHost.open(new HostOptions(BaseModelVariant.FP32, Path.of(args[0]))
                .forServing()), "127.0.0.1", 0, null);
        Map<String, List<String>> model = model(server.host());
        out.println("ready " + describe(server.host()));
        out.flush();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int n = 0; ; n++) {
            String id = IDS.get(random.nextInt(IDS.size()));
            List<String> digests = model.get(id);
            HttpRequest.Builder request;
            int expected;
            if (digests == null) {
                byte[] bundle = bundles.get(id + "@1.0." + random.nextInt(VERSIONS));
                request = HttpRequest.newBuilder(server.uri().resolve("v1/bricks"))
                        .header("Content-Type", "application/java-archive")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bundle));
                expected = 201;
                model.put(id, new ArrayList<>(List.of(sha256(bundle))));
            } else {
                int roll = random.nextInt(10);
                URI brick = server.uri().resolve("v1/bricks/" + id);
                if (roll < 6) {
                    byte[] bundle;
                    do {
                        bundle = bundles.get(id + "@1.0." + random.nextInt(VERSIONS));
                    } while (sha256(bundle).equals(digests.get(0)));
                    request = HttpRequest.newBuilder(brick).header("Content-Type", "application/java-archive")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(bundle));
                    expected = 200;
                    digests.add(0, sha256(bundle));
                    while (digests.size() > 1 + BrickHost.HISTORY) {
                        digests.remove(digests.size() - 1);
                    }
                } else if (roll < 8 && digests.size() > 1) {
                    request = HttpRequest.newBuilder(brick.resolve(brick.getPath() + "/rollback"))
                            .POST(HttpRequest.BodyPublishers.noBody());
                    expected = 200;
                    digests.remove(0);
                } else {
                    request = HttpRequest.newBuilder(brick).DELETE();
                    expected = 204;
                    model.remove(id);
                }
            }
            out.println("next " + n + " " + describe(model));
            out.flush();
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expected) {
                out.println("failed " + n + " " + answer.statusCode() + " " + answer.body());
                out.flush();
                System.exit(1);
            }
            out.println("ack " + n + " " + describe(server.host()));
            out.flush();
        }
    }

    /** The host's bricks in order, each with the digests of its installed and earlier versions. */
    static String describe(BrickHost host) {
        return describe(model(host));
    }

    private static String describe(Map<String, List<String>> model) {
        return model.entrySet().stream().map(brick -> brick.getKey() + "=" + String.join(",", brick.getValue()))
                .collect(Collectors.joining(" ", "[", "]"));
    }

    private static Map<String, List<String>> model(BrickHost host) {
        Map<String, List<String>> model = new LinkedHashMap<>();
        for (InstalledBrick brick : host.bricks()) {
            List<String> digests = new ArrayList<>(List.of(brick.sha256()));
            host.history(brick.id()).forEach(previous -> digests.add(previous.sha256()));
            model.put(brick.id().toString(), digests);
        }
        return model;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
