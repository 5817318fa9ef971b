package dev.brickyard.bench;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.dist.BrickCli;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.http.registry.ResolvedVersion;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import dev.brickyard.tools.pack.BrickPacker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code brick} command line as a user meets it, in one run:
 * <ol>
 *   <li><b>{@code brick pull} of a 21 MB brick</b> (the registry benchmark's bundle: a head packed by
 *   {@code BrickPacker} plus 20 MiB of incompressible stored padding) from a real registry on a loopback port,
 *   against the anchor the issue names: the registry's raw download by a plain {@code HttpClient}, body discarded.
 *   The same GET into a file and the CLI's {@code RegistryClient.download} on its own sit in between, to tell the
 *   cost of writing, of hashing and of the command (resolve, a new client, picocli) apart.</li>
 *   <li><b>Start-up to first output of {@code brick --help}</b>, spawned as {@code ./brick} spawns it, against a Java
 *   program that prints one line, spawned the same way in the same rounds; plus JVM flags that may start it faster
 *   (reported, not adopted).</li>
 * </ol>
 *
 * <p>Run: {@code mvn -q -pl bench exec:java -Dexec.mainClass=dev.brickyard.bench.CliBenchmark} after
 * {@code mvn -q -DskipTests install} (which builds {@code cli-publish/target/brick.jar} and its {@code lib/});
 * options {@code --pull-rounds N --startup-runs N}.
 */
public final class CliBenchmark {
    static final String BRICK = "acme/big";
    static final String VERSION = "1.0.0";
    static final String REF = BRICK + "@" + VERSION;
    static final int PULL_WARMUP_ROUNDS = 2;
    /** Transfers per contender per round: two, so p99 is not simply the slowest of 15. */
    static final int PULLS_PER_TURN = 2;
    static final double PULL_TARGET = 0.9;

    private record Options(int pullRounds, int startupRuns) {
        static Options parse(String[] args) {
            int pull = 15;
            int startup = 15;
            for (int i = 0; i + 1 < args.length; i += 2) {
                int value = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "--pull-rounds" -> pull = value;
                    case "--startup-runs" -> startup = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(pull, startup);
        }
    }

    private CliBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path home = Path.of(System.getProperty("brickyard.home", "..")).toAbsolutePath().normalize();
        try (ScratchFolder scratch = ScratchFolder.withRequestLog("brickyard-cli-bench-")) {
            Path work = scratch.path();
            System.out.printf(Locale.ROOT, "CLI benchmark: %d cores, Java %s, data in %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), work);
            try (RegistryServer server = RegistryServer.start(RegistryConfig.embedded(work.resolve("data"), 0))) {
                System.out.println("registry at " + server.uri());
                pull(server, work, options.pullRounds());
            }
            // the registry is stopped first, so its threads take nothing from the spawned JVMs
            startUp(home, work, options.startupRuns());
        }
    }

    // ------------------------------------------------------------------------------------------------------ pull

    private static void pull(RegistryServer server, Path work, int rounds) throws Exception {
        HttpProbe raw = new HttpProbe(server.uri());
        String token = server.registry().tokens().create("acme", EnumSet.of(TokenRecord.Scope.PUBLISH),
                "CLI benchmark").secret();
        Path bundle = new BrickBundles(work.resolve("bundles")).head(BrickId.parse(BRICK), VERSION,
                BrickBundles.incompressible(RegistryBenchmark.LARGE_BUNDLE_PADDING, 20L));
        new RegistryClient(server.uri(), token, line -> { }).publish(BrickId.parse(BRICK), SemVer.parse(VERSION),
                bundle, TransferProgress.SILENT);
        long size = Files.size(bundle);
        String digest = BrickVerifier.sha256(bundle);
        ResolvedVersion resolved = new RegistryClient(server.uri()).resolve(REF, null);
        if (resolved.size() != size || !resolved.digest().equals(digest)) {
            throw new IllegalStateException("the registry resolved " + REF + " to " + resolved);
        }
        String url = resolved.downloadUrl();
        System.out.printf(Locale.ROOT, "pull: published %s, %.1f MB, download URL %s%n", REF, size / 1e6, url);

        Path rawFile = work.resolve("raw-download.jar");
        Path methodFolder = Files.createDirectories(work.resolve("method"));
        Path methodFile = methodFolder.resolve("acme.big-1.0.0.jar");
        // a fresh folder per pull, so PullCommand never finds the file already there and skips the download
        Path pullFolder = work.resolve("pulled");
        Path pulledFile = pullFolder.resolve(BrickId.parse(BRICK).symbolicName() + "-" + VERSION + ".jar");
        Path configFolder = Files.createDirectories(work.resolve("config"));
        CliEnvironment environment = new CliEnvironment(Map.of("BRICKYARD_CONFIG_DIR", configFolder.toString()),
                Files.createDirectories(work.resolve("home")), false, InputStream.nullInputStream());
        // the CLI's client kept across calls, as the raw client is: its row is the download method's own cost
        RegistryClient cliClient = new RegistryClient(
                server.uri(), null, line -> { });

        List<RotatedRounds.Contender> contenders = List.of(
                new RotatedRounds.Contender("HttpClient GET, body discarded (anchor)", PULLS_PER_TURN,
                        () -> expectBytes(raw.download(url), size)),
                new RotatedRounds.Contender("HttpClient GET, body discarded, a new client and connection each time",
                        PULLS_PER_TURN, () -> expectBytes(new HttpProbe(server.uri()).download(url), size)),
                new RotatedRounds.Contender("HttpClient GET into a file (BodyHandlers.ofFile)", PULLS_PER_TURN,
                        () -> expectBytes(raw.downloadToFile(url, rawFile), size),
                        () -> Files.delete(rawFile)),
                new RotatedRounds.Contender("cli RegistryClient.download alone (SHA-256, partial file, move)",
                        PULLS_PER_TURN,
                        () -> {
                            cliClient.download(URI.create(url), digest, size, methodFile, TransferProgress.SILENT);
                            expectBytes(Files.size(methodFile), size);
                        },
                        () -> Files.delete(methodFile)),
                new RotatedRounds.Contender("brick pull --quiet, in-process (resolve + download, new client)",
                        PULLS_PER_TURN,
                        () -> {
                            pullCommand(environment, "pull", REF, "-o", pullFolder.toString(), "--registry",
                                    server.uri().toString(), "--quiet");
                            expectBytes(Files.size(pulledFile), size);
                        },
                        () -> {
                            Files.delete(pulledFile);
                            Files.delete(pullFolder);
                        }),
                // the fixed costs of a pull, beside its download
                new RotatedRounds.Contender("BrickCli.commandLine (picocli model of every subcommand)", PULLS_PER_TURN,
                        () -> BrickCli.commandLine(environment)),
                new RotatedRounds.Contender("GET /v1/resolve, a new CLI client (the pull's first request)",
                        PULLS_PER_TURN, () -> new RegistryClient(server.uri(), null,
                                line -> { }).resolve(REF, null)));
        int transfers = 5;
        int pullRow = 4;
        long start = System.nanoTime();
        List<LatencySamples> samples = RotatedRounds.measure(contenders, PULL_WARMUP_ROUNDS, rounds);
        System.out.printf(Locale.ROOT, "pull: %d rounds (+%d warm-up) in %.1f s%n", rounds, PULL_WARMUP_ROUNDS,
                (System.nanoTime() - start) / 1e9);

        // one more pull, kept, to check that what the command leaves behind is the published bundle
        pullCommand(environment, "pull", REF, "-o", pullFolder.toString(), "--registry", server.uri().toString(),
                "--quiet");
        if (!BrickVerifier.sha256(pulledFile).equals(digest)) {
            throw new IllegalStateException("brick pull wrote a file whose digest is not " + digest);
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "| transfer of %.1f MB | transfers | p50 ms | p99 ms | MB/s at p50 "
                + "| MB/s ÷ raw GET |%n", size / 1e6);
        System.out.println("|---|---|---|---|---|---|");
        double anchorMillis = samples.get(0).percentileMillis(0.5);
        for (int c = 0; c < transfers; c++) {
            double p50 = samples.get(c).percentileMillis(0.5);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.0f | %.3f |%n", contenders.get(c).name(),
                    samples.get(c).count(), p50, samples.get(c).percentileMillis(0.99), size / 1e6 / (p50 / 1e3),
                    anchorMillis / p50);
        }
        System.out.println();
        System.out.println("| fixed cost of a pull, same rounds | calls | p50 ms | p99 ms | p50 ÷ raw GET p50 |");
        System.out.println("|---|---|---|---|---|");
        for (int c = transfers; c < contenders.size(); c++) {
            double p50 = samples.get(c).percentileMillis(0.5);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.3f |%n", contenders.get(c).name(),
                    samples.get(c).count(), p50, samples.get(c).percentileMillis(0.99), p50 / anchorMillis);
        }
        double ratio = anchorMillis / samples.get(pullRow).percentileMillis(0.5);
        double meanRatio = samples.get(0).totalNanos() / (double) samples.get(pullRow).totalNanos();
        double freshRatio = samples.get(1).percentileMillis(0.5) / samples.get(pullRow).percentileMillis(0.5);
        System.out.printf(Locale.ROOT, "%nbrick pull ÷ raw GET, throughput at p50: %.3f (at the mean: %.3f; against "
                        + "a raw GET on a new connection: %.3f; target >= %.1f): %s%n%n", ratio, meanRatio, freshRatio,
                PULL_TARGET, ratio >= PULL_TARGET ? "met" : "NOT met");
    }

    /** Runs the CLI in this process as {@code main} would; anything but exit code 0 is an error. */
    private static void pullCommand(CliEnvironment environment, String... args) {
        StringWriter output = new StringWriter();
        CommandLine commandLine = BrickCli.commandLine(environment);
        commandLine.setOut(new PrintWriter(output, true));
        commandLine.setErr(new PrintWriter(output, true));
        int exit = commandLine.execute(args);
        if (exit != 0) {
            throw new IllegalStateException("brick " + String.join(" ", args) + " exited with " + exit + ": "
                    + output);
        }
    }

    private static void expectBytes(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("got " + actual + " bytes, expected " + expected);
        }
    }

    // -------------------------------------------------------------------------------------------------- start-up

    /** A program to spawn, and the text its output must contain (so a failure is never timed as a start). */
    private record Program(String name, List<String> command, String expected) {
    }

    /** Wall times of one spawn, from just before {@code ProcessBuilder.start}. */
    private record Spawn(long firstByteNanos, long exitNanos) {
    }

    private static void startUp(Path home, Path work, int runs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = home.resolve("cli-publish/target/brick.jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
            throw new IllegalStateException(jar + " (with lib/ beside it) is missing: run mvn -DskipTests install");
        }
        String classes = Path.of(OneLineProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Path archive = work.resolve("brick-help.jsa");
        List<String> help = List.of("-Dbrickyard.home=" + home, "-jar", jar.toString(), "--help");
        // an application class-data archive of the classes --help loads, written by one run at exit
        spawn(concat(List.of(java, "-XX:ArchiveClassesAtExit=" + archive), help), "Usage: brick", work);
        System.out.printf(Locale.ROOT, "start-up: class-data archive of brick --help: %.1f MB%n",
                Files.size(archive) / 1e6);

        List<Program> programs = List.of(
                new Program("java, one-line program (anchor)",
                        List.of(java, "-cp", classes, OneLineProgram.class.getName()), "started"),
                new Program("brick --help (java -jar, as ./brick runs it)", concat(List.of(java), help),
                        "Usage: brick"),
                new Program("brick --help, -XX:TieredStopAtLevel=1",
                        concat(List.of(java, "-XX:TieredStopAtLevel=1"), help), "Usage: brick"),
                new Program("brick --help, -XX:SharedArchiveFile (AppCDS)",
                        concat(List.of(java, "-XX:SharedArchiveFile=" + archive), help), "Usage: brick"),
                new Program("brick --help, AppCDS + TieredStopAtLevel=1",
                        concat(List.of(java, "-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"), help),
                        "Usage: brick"));
        List<LatencySamples> firstByte = new ArrayList<>();
        List<LatencySamples> exit = new ArrayList<>();
        List<RotatedRounds.Contender> contenders = new ArrayList<>();
        for (Program program : programs) {
            LatencySamples first = new LatencySamples();
            LatencySamples done = new LatencySamples();
            firstByte.add(first);
            exit.add(done);
            contenders.add(new RotatedRounds.Contender(program.name(), 1, () -> {
                Spawn spawn = spawn(program.command(), program.expected(), work);
                first.add(spawn.firstByteNanos());
                done.add(spawn.exitNanos());
            }));
        }
        // one warm-up round (jars into the page cache), then forget it
        RotatedRounds.measure(contenders, 1, 0);
        firstByte.forEach(LatencySamples::clear);
        exit.forEach(LatencySamples::clear);
        RotatedRounds.measure(contenders, 0, runs);

        System.out.println();
        System.out.println("| program | runs | first output, median ms | exit, median ms | exit, max ms "
                + "| first output ÷ anchor |");
        System.out.println("|---|---|---|---|---|---|");
        double anchor = firstByte.get(0).percentileMillis(0.5);
        for (int p = 0; p < programs.size(); p++) {
            double first = firstByte.get(p).percentileMillis(0.5);
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.2f |%n", programs.get(p).name(),
                    firstByte.get(p).count(), first, exit.get(p).percentileMillis(0.5),
                    exit.get(p).percentileMillis(1.0), first / anchor);
        }
        System.out.println();
    }

    /**
     * Spawns a program with standard output piped and times the first byte on it and the exit; standard error goes
     * to a file, shown when the program fails.
     */
    private static Spawn spawn(List<String> command, String expected, Path work)
            throws IOException, InterruptedException {
        Path errors = work.resolve("spawn-stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] output;
        long firstByte;
        try (InputStream out = process.getInputStream()) {
            int first = out.read();
            firstByte = System.nanoTime() - start;
            output = first < 0 ? new byte[0] : concat((byte) first, out.readAllBytes());
        }
        int code = process.waitFor();
        long exit = System.nanoTime() - start;
        String text = new String(output, StandardCharsets.UTF_8);
        if (code != 0 || !text.contains(expected)) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + code + ", printing '"
                    + text.strip() + "' and on standard error '" + Files.readString(errors).strip() + "'");
        }
        return new Spawn(firstByte, exit);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static byte[] concat(byte first, byte[] rest) {
        byte[] all = new byte[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
