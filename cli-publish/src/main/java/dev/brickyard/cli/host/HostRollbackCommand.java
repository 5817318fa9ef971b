package dev.brickyard.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.HostClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code brick host rollback NS/NAME}: swaps a brick back to the version it had before its last swap. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Swap a brick back to the version it had before its last swap, while the host serves. The "
                + "host keeps up to 3 earlier versions; the version rolled back from is dropped.")
public final class HostRollbackCommand implements Callable<Integer> {
    @Mixin
    HostAddressOptions host;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "NS/NAME", description = "The installed brick, e.g. acme/sentiment.")
    String brick;

    @Override
    public Integer call() throws Exception {
        BrickId id = BrickArgument.id(brick);
        HostClient client = host.client(output);
        JsonNode before = client.brick(id);
        JsonNode after = client.rollback(id);
        if (output.json()) {
            output.printJson(after);
        } else {
            List<String> left = HostListCommand.texts(after.path("previousVersions"));
            output.result("rolled back %s from %s to %s (%s)", id, before.path("version").asText(),
                    after.path("version").asText(), left.isEmpty() ? "no earlier version left"
                            : "earlier versions left: " + String.join(", ", left));
        }
        return 0;
    }
}
