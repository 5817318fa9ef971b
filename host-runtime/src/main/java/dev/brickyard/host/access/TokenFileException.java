package dev.brickyard.host.access;

import java.io.IOException;
import java.nio.file.Path;

/** A host's token file cannot be read or written, or does not hold tokens; the message names the file. */
public final class TokenFileException extends IOException {
    private final Path file;

    public TokenFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The token file. */
    public Path file() {
        return file;
    }
}
