package dev.brickyard.http.server;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sets up java.util.logging (which Jersey and, through slf4j-jdk14, Hikari and Flyway use) for a running registry
 * or host: logfmt lines on standard error, our own INFO lines, only warnings from the libraries.
 */
public final class ServerLogging {
    /**
     * The loggers whose level is set here. java.util.logging holds loggers weakly: without these references a
     * garbage collection forgets the levels, and the silenced library warnings come back.
     */
    private static final Logger OURS = Logger.getLogger("dev.brickyard");
    private static final Logger JERSEY_PROVIDERS = Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");
    private static final Logger JERSEY_JDK_CONTAINER = Logger.getLogger(
            "org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer");
    private static final Logger JERSEY_RESPONDER = Logger.getLogger(
            "org.glassfish.jersey.server.ServerRuntime$Responder");
    private static final Logger FLYWAY_DATABASE = Logger.getLogger("org.flywaydb.core.internal.database.base.Database");

    private ServerLogging() {
    }

    public static void configure() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new LogfmtFormatter());
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.WARNING);
        OURS.setLevel(Level.INFO);
        // Jersey warns that resource instances "implement no provider interfaces"; they are resources, not providers.
        JERSEY_PROVIDERS.setLevel(Level.SEVERE);
        // Jersey logs a stack trace (two, on the registry) each time it cannot answer a client that has gone, such as
        // a broken or stalled upload the problem mapper has already logged in one line; everything else it logs stays.
        JERSEY_JDK_CONTAINER.setFilter(ServerLogging::notAboutAGoneClient);
        JERSEY_RESPONDER.setFilter(ServerLogging::notAboutAGoneClient);
        // Flyway warns on every start that H2 2.5 is newer than it was verified with; the schema is plain SQL.
        FLYWAY_DATABASE.setLevel(Level.SEVERE);
    }

    /** Whether a record is about anything but writing to a connection the client (or the watchdog) has closed. */
    static boolean notAboutAGoneClient(LogRecord record) {
        for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException || cause instanceof BodyBrokenException
                    || (cause instanceof IOException && cause.getMessage() != null
                    && (cause.getMessage().contains("Broken pipe") || cause.getMessage().contains("Connection reset")))) {
                return false;
            }
        }
        return true;
    }

    /** For one-shot admin commands: only problems. */
    public static void quiet() {
        configure();
        OURS.setLevel(Level.WARNING);
    }
}
