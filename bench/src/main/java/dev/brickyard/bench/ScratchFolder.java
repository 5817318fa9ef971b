package dev.brickyard.bench;

import dev.brickyard.http.server.LogfmtFormatter;
import dev.brickyard.http.server.ServerLogging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The temporary folder of one benchmark run, which holds its files (a registry's data, bundles to upload) and the
 * request log. Logging is set up as in production (one logfmt line per request, library warnings) but goes to
 * {@code registry.log} in this folder rather than the console, so the report stays readable while formatting and
 * writing the log still cost what they cost. Closing it closes the log and deletes the folder.
 */
final class ScratchFolder implements AutoCloseable {
    private final Path path;
    private final Handler requestLog;

    private ScratchFolder(Path path, Handler requestLog) {
        this.path = path;
        this.requestLog = requestLog;
    }

    /** A new temporary folder named {@code prefix...}, with this process's log going to a file in it. */
    static ScratchFolder withRequestLog(String prefix) throws IOException {
        Path path = Files.createTempDirectory(prefix);
        ServerLogging.configure();
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        FileHandler handler = new FileHandler(path.resolve("registry.log").toString());
        handler.setFormatter(new LogfmtFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        return new ScratchFolder(path, handler);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        requestLog.close();
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
