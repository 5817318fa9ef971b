package dev.brickyard.http.server;

import java.io.IOException;

/**
 * A request body that stopped before its end: the client closed the connection, or no byte arrived for the
 * server's body timeout and the server closed it. Logged as one line, never as a stack trace: it is the client's
 * doing, and one attack would otherwise fill the log.
 */
public final class BodyBrokenException extends IOException {
    private static final long serialVersionUID = 1L;

    public BodyBrokenException(String message) {
        super(message);
    }
}
