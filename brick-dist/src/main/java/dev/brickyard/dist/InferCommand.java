package dev.brickyard.dist;

import dev.brickyard.base.graph.GraphOptions;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.Inference;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.http.InferResource;
import dev.brickyard.http.server.ServerLogging;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brick infer}: loads bundles into an in-process host and answers texts with them. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Install brick bundles into an in-process host and print, per brick, the label and every "
                + "label's probability for each TEXT.")
public final class InferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "JAR", description = "A brick bundle; repeatable.")
    List<Path> bundles;

    @Option(names = "--json", description = "Print the host API's answer object (POST /v1/infer), for scripts.")
    boolean json;

    @Mixin
    PrecisionOptions precision;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to classify.")
    List<String> texts;

    @Override
    public Integer call() throws Exception {
        for (Path bundle : bundles) {
            if (!Files.isRegularFile(bundle)) {
                throw new NoSuchFileException(bundle + ": no such bundle");
            }
        }
        // A host for these bundles only, offering every LoRA site so that any adapter among them installs (one
        // short run: the sites' cost does not matter here, and the bundles are verified once, by the host).
        ServerLogging.quiet(); // warnings only, one logfmt line each (a brick trained on the other build, say)
        HostOptions options = precision.apply(HostOptions.defaults(), spec.commandLine().getErr())
                .withGraph(GraphOptions.full());
        try (BrickHost host = BrickHost.open(options)) {
            List<InstalledBrick> installed = new ArrayList<>();
            for (Path bundle : bundles) {
                installed.add(host.install(bundle));
            }
            List<Inference> answers;
            try {
                answers = host.infer(texts, installed.stream().map(InstalledBrick::id).toList());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (json) {
                // The very object a host answers POST /v1/infer with, so scripts read one shape offline and online.
                OutputOptions.printJson(spec.commandLine().getOut(),
                        InferResource.response(answers, false, host.generation()));
            } else {
                InferenceOutput.print(answers, spec.commandLine().getOut());
            }
        }
        return 0;
    }
}
