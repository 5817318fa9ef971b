package dev.brickyard.cli;

import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brick demo}: the local tour. Opens a host, hot-loads the example brick bundles one by one, classifies
 * sample sentences with all of them, then unloads one to show the host changing while it runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Load the example bricks into an in-process host and classify sample sentences.")
public final class DemoCommand implements Callable<Integer> {
    static final List<String> SAMPLES = List.of(
            "The new phone's battery lasts two days and the camera is stunning.",
            "Parliament rejected the budget after a heated overnight debate.",
            "I can't stop shaking, there is someone walking around downstairs.",
            "The striker scored twice in the final minutes to win the cup.",
            "Shares of the retailer fell 12% after it cut its yearly forecast.",
            "We finally adopted the puppy and the kids haven't stopped smiling.");

    @Spec
    CommandSpec spec;

    @Option(names = "--bundles", paramLabel = "DIR",
            description = "Folder searched for *.jar brick bundles (default: the example bundles built in this "
                    + "checkout, bundles/*/target).")
    Path bundleFolder;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> bundles = findBundles();
        out.println("Opening a host: embedded Felix + all-MiniLM-L6-v2 on ONNX Runtime ...");
        out.flush();
        long start = System.nanoTime();
        try (BrickHost host = BrickHost.open(HostOptions.defaults())) {
            out.printf(Locale.ROOT, "host ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
            List<InstalledBrick> installed = new ArrayList<>();
            for (Path bundle : bundles) {
                InstalledBrick brick = host.install(bundle);
                installed.add(brick);
                out.printf(Locale.ROOT, "hot-loaded %-22s labels %s (bundle %d, %d bytes of weights)%n", brick,
                        brick.labels(), brick.bundleId(), brick.weightBytes());
            }
            out.println();
            InferenceOutput.print(host.infer(SAMPLES, List.of()), false, out);
            InstalledBrick removed = installed.get(installed.size() - 1);
            host.uninstall(removed.id());
            out.printf("%nunloaded %s while running; %d bricks remain: %s%n", removed, host.bricks().size(),
                    host.bricks());
            InferenceOutput.print(host.infer(SAMPLES.subList(0, 1), List.of()), false, out);
        }
        return 0;
    }

    private List<Path> findBundles() throws IOException {
        List<Path> found = new ArrayList<>();
        if (bundleFolder != null) {
            collect(bundleFolder, found);
        } else {
            Path home = Path.of(System.getProperty("brickyard.home", "."));
            try (Stream<Path> bricks = Files.list(home.resolve("bundles"))) {
                for (Path brick : bricks.sorted().toList()) {
                    if (Files.isDirectory(brick.resolve("target"))) {
                        collect(brick.resolve("target"), found);
                    }
                }
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(home.resolve("bundles") + ": run ./brick from the checkout, or pass "
                        + "--bundles DIR");
            }
        }
        if (found.isEmpty()) {
            throw new NoSuchFileException("no brick bundles found; build them with 'mvn -q install -DskipTests' "
                    + "or pass --bundles DIR");
        }
        return found;
    }

    private static void collect(Path folder, List<Path> found) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().forEach(found::add);
        }
    }
}
