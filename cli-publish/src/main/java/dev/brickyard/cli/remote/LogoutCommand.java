package dev.brickyard.cli.remote;

import dev.brickyard.cli.config.Credentials;
import dev.brickyard.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code brick logout}: forgets the stored token of a registry (the registry still knows it; revoke it there). */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Remove the stored token of a registry from this computer.",
                "The token stays valid at the registry: revoke it there with 'brick registry token revoke'."})
public final class LogoutCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Credentials credentials = registry.credentials(output);
        String url = registry.registry(credentials);
        if (credentials.token(url).isEmpty()) {
            output.result("not logged in to %s; nothing to do", url);
            return 0;
        }
        credentials.withoutToken(url).save();
        output.result("logged out of %s", url);
        return 0;
    }
}
