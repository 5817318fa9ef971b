package dev.brickyard.cli.remote;

import dev.brickyard.cli.config.Credentials;
import dev.brickyard.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brick logout}: forgets the stored tokens of a registry, or of one namespace there (the registry still knows
 * them; revoke them there).
 */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Remove the stored tokens of a registry from this computer: all of them, or with --namespace "
                + "the token of one namespace.",
                "The tokens stay valid at the registry: revoke them there with 'brick registry token revoke'."})
public final class LogoutCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Option(names = "--namespace", paramLabel = "NS", description = "Only forget this namespace's token.")
    String namespace;

    @Override
    public Integer call() throws Exception {
        Credentials credentials = registry.credentials(output);
        String url = registry.registry(credentials);
        boolean removed;
        if (namespace != null) {
            removed = credentials.namespaces(url).contains(namespace);
            if (removed) {
                credentials.withoutToken(url, namespace).save();
                output.result("logged out of namespace %s at %s", namespace, url);
            } else {
                output.result("no token of namespace %s stored for %s; nothing to do", namespace, url);
            }
        } else {
            removed = credentials.loggedIn(url);
            if (removed) {
                credentials.withoutRegistry(url).save();
                output.result("logged out of %s", url);
            } else {
                output.result("not logged in to %s; nothing to do", url);
            }
        }
        if (output.json()) {
            output.printJson(new LoggedOut(url, namespace, removed));
        }
        return 0;
    }

    /** What {@code --json} prints: the registry, the namespace if one was named, and whether a token was removed. */
    record LoggedOut(String registry, String namespace, boolean removed) {
    }
}
