package dev.brickyard.registry.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link BrickStoreContract} on the embedded default: an H2 database file in a temporary folder. */
class H2BrickStoreTest extends BrickStoreContract {
    @TempDir
    Path folder;

    @Override
    protected void createEmptyDatabase() {
        // H2 creates the file on first connection; each test has its own temporary folder.
    }

    @Override
    protected Database openDatabase() {
        return Database.open(Database.h2Url(folder), null, null);
    }

    @Override
    protected void dropDatabase() {
        // JUnit deletes the temporary folder.
    }
}
