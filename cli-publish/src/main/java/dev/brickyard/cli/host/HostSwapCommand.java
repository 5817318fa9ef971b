package dev.brickyard.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.HostClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code brick host swap REF|JAR}: moves an installed brick to another version while the host serves; the version
 * it had is kept for {@code rollback}.
 */
@Command(name = "swap", mixinStandardHelpOptions = true,
        description = {"Swap an installed brick to another version while the host serves. The new version is "
                + "loaded and smoke-tested first; requests already running finish on the old one.",
                "acme/sentiment@1.3.0 swaps to that version, acme/sentiment@^1 to the best in the range (plain "
                        + "acme/sentiment: the newest), both from the host's registry; a bundle file is uploaded "
                        + "and replaces the brick its brick.json names."})
public final class HostSwapCommand implements Callable<Integer> {
    @Mixin
    HostAddressOptions host;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "REF|JAR", description = "A version, a range or a bundle file.")
    String target;

    @Override
    public Integer call() throws Exception {
        BrickArgument argument = BrickArgument.parse(target);
        BrickId id = argument.bundle() != null ? BrickArgument.idInBundle(argument.bundle())
                : argument.reference().id();
        HostClient client = host.client(output);
        JsonNode before = client.brick(id);
        JsonNode after;
        if (argument.bundle() != null) {
            after = client.swap(id, argument.bundle());
        } else {
            String range = target.contains("@") ? target.substring(target.indexOf('@') + 1).strip() : "*";
            String exact = range.startsWith("=") ? range.substring(1).strip() : range;
            after = SemVer.isValid(exact) ? client.swapToVersion(id, SemVer.parse(exact))
                    : client.swapToRange(id, argument.reference().selector());
        }
        if (output.json()) {
            output.printJson(after);
        } else if (after.path("digest").equals(before.path("digest"))) {
            output.result("%s is already at %s with the same bytes; nothing changed", id,
                    after.path("version").asText());
        } else {
            output.result("swapped %s from %s to %s", id, before.path("version").asText(),
                    after.path("version").asText());
        }
        return 0;
    }
}
