package dev.brickyard.cli;

import dev.brickyard.registry.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A second process that holds a registry's embedded H2 database open, as a running registry does: it opens the
 * store of the data folder named by its argument, prints {@link #READY} and keeps the database open until its
 * standard input ends (the test closes it, or dies). H2 refuses a database file another process holds, which a test
 * inside one JVM cannot provoke: the same process may open its own database twice.
 */
public final class RegistryDatabaseHolder {
    /** The line printed once the database is held. */
    static final String READY = "holding the registry database";

    private RegistryDatabaseHolder() {
    }

    /** @param args the registry's data folder */
    public static void main(String[] args) throws IOException {
        // opening runs the migrations, so the database file is open (and locked) once this returns
        try (Database ignored = Database.open(Database.h2Url(Path.of(args[0])), null, null)) {
            System.out.println(READY);
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // wait for the end of standard input
            }
        }
    }
}
