package dev.brickyard.bench;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.http.HostServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What restoring a host's saved state costs at start, and what saving it costs a change.
 *
 * <ol>
 *   <li><b>Restart to ready</b>, in rotated rounds: {@code HostServer.start(BrickHost.open(options))} on a storage
 *   folder whose state names {@code --bricks} heads (packed by {@code BrickPacker}), until {@code GET /v1/health}
 *   answers 200 with every head installed again, against the same on a storage folder with no state (the anchor: a
 *   cold start, base model and framework, no bricks). Prints the p50 of each and their ratio; the target is a restart
 *   within 3 s on this machine.</li>
 *   <li><b>A swap, saved and not</b>: {@code host.update} of one head between two versions on a host with a storage
 *   folder (bundle and state forced to the device before the swap takes effect) against a host with a temporary
 *   folder (nothing saved), in rotated rounds.</li>
 * </ol>
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl bench exec:java
 * -Dexec.mainClass=dev.brickyard.bench.RestartBenchmark -Dexec.args="--rounds 5 --bricks 100"}
 */
public final class RestartBenchmark {
    private RestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int bricks = 100;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--bricks" -> bricks = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        HostOptions serving = HostOptions.defaults().forServing();
        try (ScratchFolder scratch = ScratchFolder.withRequestLog("brickyard-restart-bench-")) {
            BrickBundles bundles = new BrickBundles(scratch.path().resolve("bundles"));
            Path saved = scratch.path().resolve("saved");
            Path empty = scratch.path().resolve("empty");
            try (BrickHost host = BrickHost.open(serving.withStorage(saved))) {
                for (int i = 0; i < bricks; i++) {
                    host.install(bundles.head(new BrickId("bench", "head-" + i), "1.0.0", new byte[0]));
                }
            }
            restartToReady(serving.withStorage(empty), serving.withStorage(saved), bricks, rounds);
            swapSavedAndNot(bundles, serving.withStorage(scratch.path().resolve("swaps")), serving, rounds * 10);
        }
    }

    private static void restartToReady(HostOptions cold, HostOptions restart, int bricks, int rounds)
            throws Exception {
        AtomicReference<HostServer> running = new AtomicReference<>();
        RotatedRounds.Call stop = () -> running.getAndSet(null).close();
        List<LatencySamples> samples = RotatedRounds.measure(List.of(
                new RotatedRounds.Contender("cold start, no bricks (anchor)", 1,
                        () -> running.set(ready(cold, 0)), stop),
                new RotatedRounds.Contender("restart, " + bricks + " heads restored", 1,
                        () -> running.set(ready(restart, bricks)), stop)), 1, rounds);
        double anchor = samples.get(0).percentileMillis(0.5);
        double restored = samples.get(1).percentileMillis(0.5);
        System.out.printf(Locale.ROOT, "restart to ready (open, restore, listen, GET /v1/health), %d rounds%n",
                rounds);
        System.out.printf(Locale.ROOT, "  %-34s p50 %8.0f ms  min %8.0f ms  max %8.0f ms%n",
                "cold start, no bricks (anchor)", anchor, samples.get(0).percentileMillis(0),
                samples.get(0).percentileMillis(1));
        System.out.printf(Locale.ROOT, "  %-34s p50 %8.0f ms  min %8.0f ms  max %8.0f ms%n",
                "restart, " + bricks + " heads restored", restored, samples.get(1).percentileMillis(0),
                samples.get(1).percentileMillis(1));
        System.out.printf(Locale.ROOT, "  restart / cold start %.2f; restoring adds %.1f ms per head; "
                        + "restart within 3 s: %s%n", restored / anchor, (restored - anchor) / bricks,
                restored <= 3000 ? "met" : "NOT met");
    }

    /** A host serving HTTP that has restored {@code bricks} bricks and answered its health check. */
    private static HostServer ready(HostOptions options, int bricks) throws Exception {
        HostServer server = HostServer.start(BrickHost.open(options), "127.0.0.1", 0, null);
        new HttpProbe(server.uri()).get("v1/health");
        if (server.host().bricks().size() != bricks) {
            server.close();
            throw new IllegalStateException("the host restored " + server.host().bricks().size() + " bricks, not "
                    + bricks);
        }
        return server;
    }

    private static void swapSavedAndNot(BrickBundles bundles, HostOptions saving, HostOptions temporary, int rounds)
            throws Exception {
        BrickId id = new BrickId("bench", "swapped");
        List<Path> versions = List.of(bundles.head(id, "1.0.0", new byte[0]), bundles.head(id, "2.0.0", new byte[0]));
        try (BrickHost saved = BrickHost.open(saving); BrickHost unsaved = BrickHost.open(temporary)) {
            saved.install(versions.get(0));
            unsaved.install(versions.get(0));
            int[] turns = new int[2];
            List<LatencySamples> samples = RotatedRounds.measure(List.of(
                    new RotatedRounds.Contender("swap, not saved (temporary folder, anchor)", 1,
                            () -> unsaved.update(versions.get(++turns[0] % 2))),
                    new RotatedRounds.Contender("swap, saved (storage folder)", 1,
                            () -> saved.update(versions.get(++turns[1] % 2)))), rounds / 10, rounds);
            double anchor = samples.get(0).percentileMillis(0.5);
            double durable = samples.get(1).percentileMillis(0.5);
            System.out.printf(Locale.ROOT, "a swap of one head (host.update), %d rounds%n", rounds);
            System.out.printf(Locale.ROOT, "  %-44s p50 %7.1f ms  p90 %7.1f ms%n",
                    "not saved (temporary folder, anchor)", anchor, samples.get(0).percentileMillis(0.9));
            System.out.printf(Locale.ROOT, "  %-44s p50 %7.1f ms  p90 %7.1f ms%n", "saved (storage folder)", durable,
                    samples.get(1).percentileMillis(0.9));
            System.out.printf(Locale.ROOT, "  saved / not saved %.2f%n", durable / anchor);
        }
    }
}
