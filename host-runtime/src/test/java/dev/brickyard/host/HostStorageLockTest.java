package dev.brickyard.host;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.BrickException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two hosts on one storage folder would overwrite each other's state: the second refuses to start. */
class HostStorageLockTest {
    @TempDir
    Path storage;

    @Test
    void aSecondHostOnTheSameFolderRefusesToStartUntilTheFirstCloses() throws Exception {
        try (BrickHost first = BrickHost.open(HostOptions.defaults().withStorage(storage))) {
            BrickException refused = assertThrows(BrickException.class,
                    () -> BrickHost.open(HostOptions.defaults().withStorage(storage)).close());
            assertTrue(refused.getMessage().contains("another host is using the storage folder"),
                    refused.getMessage());
            assertTrue(first.bricks().isEmpty());
        }
        BrickHost.open(HostOptions.defaults().withStorage(storage)).close();
    }
}
