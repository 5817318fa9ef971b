package dev.brickyard.cli.host;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.HostClient;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code brick host remove NS/NAME}: uninstalls a brick from a running host. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Uninstall a brick while the host serves: new requests no longer see it at once, and its "
                + "memory is freed when the requests already using it end. Its earlier versions are dropped too.")
public final class HostRemoveCommand implements Callable<Integer> {
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
        client.remove(id);
        if (output.json()) {
            output.printJson(Map.of("removed", id.toString()));
        } else {
            output.result("removed %s from %s", id, client.base());
        }
        return 0;
    }
}
