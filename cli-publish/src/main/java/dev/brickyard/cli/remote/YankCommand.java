package dev.brickyard.cli.remote;

import dev.brickyard.api.version.BrickRef;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.registry.VersionDetail;
import dev.brickyard.tools.InvalidInputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick yank NS/NAME@VERSION --reason TEXT} and {@code brick unyank NS/NAME@VERSION}: a yanked version stays
 * downloadable by its exact version but ranges, "latest" and default search skip it (cargo's semantics).
 */
@Command(name = "yank", mixinStandardHelpOptions = true,
        description = {"Yank a version: ranges, 'latest' and search skip it; it stays downloadable by exact version, "
                + "so nothing that pinned it breaks. Needs a token with the yank scope."})
public final class YankCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "NS/NAME@VERSION", description = "The exact version, e.g. acme/sentiment@1.2.0.")
    String reference;

    @Option(names = "--reason", required = true, description = "Why, shown to everyone who looks at the version.")
    String reason;

    @Override
    public Integer call() throws Exception {
        if (reason.isBlank()) {
            throw new UsageException("--reason must say why the version is yanked");
        }
        return change(registry, output, reference, client -> client.yank(BrickRef.parse(reference).id(),
                exactVersion(reference), reason.strip()), "yanked");
    }

    /** {@code brick unyank}. */
    @Command(name = "unyank", mixinStandardHelpOptions = true,
            description = "Take a yank back: the version is offered to ranges and search again.")
    public static final class Unyank implements Callable<Integer> {
        @Mixin
        RegistryOptions registry;

        @Mixin
        OutputOptions output;

        @Parameters(index = "0", paramLabel = "NS/NAME@VERSION", description = "The exact version.")
        String reference;

        @Override
        public Integer call() throws Exception {
            return change(registry, output, reference, client -> client.unyank(BrickRef.parse(reference).id(),
                    exactVersion(reference)), "unyanked");
        }
    }

    private interface Change {
        VersionDetail apply(RegistryClient client) throws Exception;
    }

    private static int change(RegistryOptions registry, OutputOptions output, String reference, Change change,
                              String done) throws Exception {
        exactVersion(reference);
        VersionDetail version = change.apply(registry.client(output, BrickRef.parse(reference).id().namespace()));
        if (output.json()) {
            output.printJson(version);
        } else {
            output.result("%s %s@%s%s", done, version.id(), version.version(),
                    version.yanked() ? " (" + version.yankReason() + ")" : "");
        }
        return 0;
    }

    /** The version of {@code ns/name@1.2.0}; ranges are refused, as a yank concerns exactly one version. */
    static SemVer exactVersion(String reference) throws InvalidInputException {
        int at = reference.indexOf('@');
        String version = at < 0 ? "" : reference.substring(at + 1).strip();
        if (version.startsWith("=")) {
            version = version.substring(1);
        }
        try {
            BrickRef.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + reference + "' is not a brick reference: " + e.getMessage());
        }
        if (!SemVer.isValid(version)) {
            throw new UsageException("'" + reference + "' must name one exact version, such as "
                    + reference.split("@")[0] + "@1.2.0");
        }
        return SemVer.parse(version);
    }
}
