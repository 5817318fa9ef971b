package dev.brickyard.http.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The JDK's HTTP client as both API clients use it: HTTP/1.1 only (an h2c upgrade attempt gains nothing on a plain
 * connection and some servers mishandle it), a connect timeout, redirects followed, one trace line per request and
 * per answer ({@code --verbose}), and a server that cannot be reached named in words ("connection refused", "unknown
 * host") in a {@link RegistryUnreachableException}.
 */
final class Transport {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String server;
    private final Consumer<String> trace;
    private final HttpClient http;

    /**
     * @param server what the messages call the server: {@code registry} or {@code host}
     * @param trace receives the trace lines; never a token
     */
    Transport(String server, Consumer<String> trace) {
        this.server = server;
        this.trace = trace;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The client, for the requests whose body is read as it arrives (downloads, event streams). */
    HttpClient http() {
        return http;
    }

    /** Traces a line. */
    void trace(String line) {
        trace.accept(line);
    }

    /** Sends a request and reads the whole answer, tracing both. */
    HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        trace.accept(request.method() + " " + request.uri());
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + request.uri(), e);
        }
        trace.accept(String.format(Locale.ROOT, "%d %s (%.0f ms, %d bytes)", response.statusCode(), request.uri(),
                (System.nanoTime() - started) / 1e6, response.body().length));
        return response;
    }

    /** The exception for a server at {@code uri} that could not be reached, or broke the connection off. */
    RegistryUnreachableException unreachable(URI uri, IOException cause) {
        return new RegistryUnreachableException("cannot reach the " + server + " at " + uri.getScheme() + "://"
                + uri.getAuthority() + " (" + reason(cause) + ")", cause);
    }

    /** Why a server could not be reached, in the words of an error message. */
    private static String reason(IOException failure) {
        if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof HttpConnectTimeoutException) {
            return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (failure.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
