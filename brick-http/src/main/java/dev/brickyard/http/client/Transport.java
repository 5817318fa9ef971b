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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The JDK's HTTP client as both API clients use it: HTTP/1.1 only (an h2c upgrade attempt gains nothing on a plain
 * connection and some servers mishandle it), a connect timeout, redirects followed, a request the server refused for
 * the moment sent again after its {@code Retry-After}, one trace line per request and per answer ({@code --verbose}),
 * and a server that cannot be reached named in words ("connection refused", "unknown host") in a
 * {@link RegistryUnreachableException}.
 */
final class Transport {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Tries of a request the server refused for the moment (503, 429), the first included. */
    static final int ATTEMPTS = 3;
    /** The longest {@code Retry-After} the client waits for; a longer one is answered as an error at once. */
    static final long MAX_RETRY_AFTER_SECONDS = 10;

    private final String server;
    private final Consumer<String> trace;
    private final HttpClient http;

    /**
     * @param server what the messages call the server: {@code registry} or {@code host}
     * @param trace receives the trace lines; never a token
     */
    Transport(String server, Consumer<String> trace) {
        this(server, trace, null);
    }

    /**
     * @param server what the messages call the server: {@code registry} or {@code host}
     * @param trace receives the trace lines; never a token
     * @param tls the TLS context whose trust managers check the server's certificate, or null for the JDK's default
     *            trust store
     */
    Transport(String server, Consumer<String> trace, SSLContext tls) {
        this.server = server;
        this.trace = trace;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL);
        this.http = (tls == null ? builder : builder.sslContext(tls)).build();
    }

    /** The client, for the requests whose body is read as it arrives (downloads, event streams). */
    HttpClient http() {
        return http;
    }

    /** Traces a line. */
    void trace(String line) {
        trace.accept(line);
    }

    /**
     * Sends a request and reads the whole answer, tracing both. A server that answers 503 (at its limit) or 429 (this
     * client asks too often) with a {@code Retry-After} of at most {@value #MAX_RETRY_AFTER_SECONDS} s refused the
     * request before doing any of it, so it is sent again after that wait, up to {@value #ATTEMPTS} times in all.
     */
    HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        HttpResponse<byte[]> response = sendOnce(request);
        for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
            long wait = retryAfterSeconds(response);
            if (wait < 0) {
                return response;
            }
            trace.accept("the " + server + " answered " + response.statusCode() + "; trying again in " + wait + " s");
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to try " + request.uri() + " again", e);
            }
            response = sendOnce(request);
        }
        return response;
    }

    /** The seconds to wait before sending again, or -1 when the answer is not one to try again after. */
    private static long retryAfterSeconds(HttpResponse<?> response) {
        if (response.statusCode() != 503 && response.statusCode() != 429) {
            return -1;
        }
        try {
            long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElse("").strip());
            return seconds >= 0 && seconds <= MAX_RETRY_AFTER_SECONDS ? seconds : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private HttpResponse<byte[]> sendOnce(HttpRequest request) throws IOException {
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
