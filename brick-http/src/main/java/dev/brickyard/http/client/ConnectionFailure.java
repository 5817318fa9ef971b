package dev.brickyard.http.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** Why a server could not be reached, in the words of an error message: "connection refused", "unknown host". */
final class ConnectionFailure {
    private ConnectionFailure() {
    }

    /**
     * The reason for people, from what the JDK's HTTP client threw.
     *
     * @param connectTimeout the client's connect timeout, named when it ran out
     */
    static String reason(IOException failure, Duration connectTimeout) {
        if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof HttpConnectTimeoutException) {
            return "no answer within " + connectTimeout.toSeconds() + " s";
        }
        if (failure.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
