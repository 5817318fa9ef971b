package dev.brickyard.registry;

import dev.brickyard.registry.store.TokenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Runs a registry in a process of its own, for tests that kill it: {@code RegistryProcessMain DATA INFO} starts on
 * a free port and writes {@code port} and a fresh {@code acme} token to the INFO file, then serves until killed.
 */
public final class RegistryProcessMain {
    private RegistryProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        RegistryServer server = RegistryServer.start(RegistryConfig.embedded(Path.of(args[0]), 0));
        String token = server.registry().tokens().create("acme", TokenRecord.Scope.NAMESPACE_SCOPES, "crash")
                .secret();
        Path info = Path.of(args[1]);
        Path temporary = info.resolveSibling(info.getFileName() + ".tmp");
        Files.writeString(temporary, server.uri().getPort() + "\n" + token + "\n");
        Files.move(temporary, info, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Thread.currentThread().join();
    }
}
