package dev.brickyard.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's hot-swap test: client threads send requests without pause while 100 swaps, 20 installs and 20
 * uninstalls happen. Not one request may fail, and every response must be consistent with one snapshot: all
 * responses of one generation name the same brick versions, and within a response every text was answered by the
 * same versions.
 */
class HotSwapUnderLoadTest {
    private static final int CLIENTS = 4;

    @TempDir
    Path jars;

    @Test
    void swapsInstallsAndUninstallsUnderLoadFailNoRequest() throws Exception {
        Path v1 = BrickJar.head("acme/live", "1.0.0", "a", "b").writeTo(Files.createDirectories(jars.resolve("1")));
        Path v2 = BrickJar.head("acme/live", "2.0.0", "a", "b").writeTo(Files.createDirectories(jars.resolve("2")));
        List<Path> extras = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            extras.add(BrickJar.head("acme/extra-" + i, "1.0.0", "x", "y", "z")
                    .writeTo(Files.createDirectories(jars.resolve("extra" + i))));
        }
        try (HostServer server = HostServer.start(BrickHost.open(HostOptions.defaults()), "127.0.0.1", 0, null)) {
            HostClient admin = new HostClient(server.uri());
            assertEquals(201, admin.postBundle("v1/bricks", v1).status());

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Map<Long, Set<String>> snapshots = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running_clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                HostClient client = new HostClient(server.uri());
                running_clients.add(clients.submit(() -> {
                    while (running.get()) {
                        try {
                            HostClient.Answer answer = client.post("v1/infer",
                                    "{\"texts\": [\"first text\", \"second text\"]}");
                            if (answer.status() != 200) {
                                failures.add(answer.toString());
                                continue;
                            }
                            check(answer.json(), snapshots, failures);
                            answered.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 100; i++) {
                HostClient.Answer swap = admin.putBundle("v1/bricks/acme/live", i % 2 == 0 ? v2 : v1);
                assertEquals(200, swap.status(), swap.toString());
                if (i % 5 == 0) {
                    int extra = i / 5;
                    assertEquals(201, admin.postBundle("v1/bricks", extras.get(extra)).status());
                    if (extra % 2 == 1) {
                        assertEquals(204, admin.delete("v1/bricks/acme/extra-" + (extra - 1)).status());
                    }
                }
            }
            for (int extra = 1; extra < 20; extra += 2) {
                assertEquals(204, admin.delete("v1/bricks/acme/extra-" + extra).status());
            }
            running.set(false);
            for (Future<?> client : running_clients) {
                client.get();
            }
            clients.shutdown();

            assertEquals(List.of(), List.copyOf(failures));
            assertTrue(answered.get() > 0, "requests were answered during the changes");
            assertTrue(snapshots.size() > 10, "responses came from many generations: " + snapshots.size());
            assertEquals(List.of("acme/live"), admin.get("v1/bricks").json().findValuesAsText("id"));
            assertEquals(0, server.host().drainingBricks(), "every swapped-out brick was closed once drained");
            String metrics = admin.get("metrics").body();
            assertTrue(metrics.contains("brickyard_host_brick_changes_total{operation=\"swap\",outcome=\"ok\"} 100.0"),
                    metrics);
        }
    }

    /** Both texts were answered by the same versions, and this generation always names the same versions. */
    private static void check(JsonNode response, Map<Long, Set<String>> snapshots,
                              ConcurrentLinkedQueue<String> failures) {
        Set<String> bricks = new TreeSet<>();
        response.path("bricks").forEach(brick -> bricks.add(brick.asText()));
        for (JsonNode result : response.path("results")) {
            Set<String> answeredBy = new TreeSet<>();
            for (JsonNode answer : result.path("answers")) {
                if (answer.has("error")) {
                    failures.add("a brick failed: " + answer);
                }
                answeredBy.add(answer.path("brick").asText() + "@" + answer.path("version").asText());
            }
            if (!answeredBy.equals(bricks)) {
                failures.add("a text was answered by " + answeredBy + " but the response names " + bricks);
            }
        }
        Set<String> earlier = snapshots.putIfAbsent(response.path("generation").asLong(), bricks);
        if (earlier != null && !earlier.equals(bricks)) {
            failures.add("generation " + response.path("generation") + " answered with " + bricks + " and with "
                    + earlier);
        }
    }
}
