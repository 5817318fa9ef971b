package dev.brickyard.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Flow;

/**
 * Raw HTTP as the benchmarks time it, the anchor the registry's answers are measured against: Java's
 * {@link HttpClient} on HTTP/1.1 (its default h2c upgrade
 * on requests with a body is mishandled by some servers, and brick clients use HTTP/1.1), one client with pooled
 * keep-alive connections, shared by all threads. Every call checks the status, so a benchmark never times errors.
 * Bodies are read as bytes or strings, not parsed, so a figure is the server's cost and the transfer's; publishing and
 * resolving, which set benchmarks up, go through the one registry client, {@code dev.brickyard.http.client}.
 */
final class HttpProbe {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    HttpProbe(URI base) {
        this.base = base;
    }

    /** A query string parameter value, encoded. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** GETs a path (with its query) and returns the body; anything but 200 is an error. */
    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return expect(response, 200).body();
    }

    /** The {@code ETag} of a path, for {@link #getNotModified}. */
    String etag(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return expect(response, 200).headers().firstValue("ETag").orElseThrow(() ->
                new IllegalStateException(path + " answers without an ETag"));
    }

    /** A conditional GET that must answer 304 Not Modified: a request with next to no work behind it. */
    void getNotModified(String path, String etag) throws IOException, InterruptedException {
        expect(http.send(HttpRequest.newBuilder(base.resolve(path)).header("If-None-Match", etag).GET().build(),
                HttpResponse.BodyHandlers.discarding()), 304);
    }

    /** Downloads a path, counting and discarding the bytes as they arrive; returns how many there were. */
    long download(String path) throws IOException, InterruptedException {
        HttpResponse<Long> response = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                info -> HttpResponse.BodySubscribers.fromSubscriber(new CountingSubscriber(),
                        subscriber -> subscriber.bytes));
        return expect(response, 200).body();
    }

    /**
     * Downloads a path into {@code file} with the JDK's own file body handler (each buffer written as it arrives, no
     * hashing); returns the file's size. Tells the cost of writing the bytes apart from receiving them.
     */
    long downloadToFile(String path, Path file) throws IOException, InterruptedException {
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(file));
        return Files.size(expect(response, 200).body());
    }

    /**
     * How a download came over the wire.
     *
     * @param bytes body bytes (chunk framing not counted)
     * @param contentLength the {@code Content-Length} header, or -1 when there was none
     * @param chunks how many chunks carried the body, 0 when it was not chunked
     */
    record Transfer(long bytes, long contentLength, long chunks) {
    }

    /**
     * Downloads a path over a plain socket: one hand-written HTTP/1.1 request with {@code Connection: close}, the
     * body counted (and de-chunked) until it ends. Tells the server's cost apart from {@link HttpClient}'s.
     */
    Transfer downloadOverSocket(String path) throws IOException {
        return downloadOverSocket(path, Duration.ZERO);
    }

    /**
     * As {@link #downloadOverSocket(String)}, but connecting and every read give up after {@code timeout} (a
     * {@link java.net.SocketTimeoutException}); zero waits for ever. Tells whether a new client gets in at all.
     */
    Transfer downloadOverSocket(String path, Duration timeout) throws IOException {
        int millis = Math.toIntExact(timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), millis);
            socket.setSoTimeout(millis);
            socket.getOutputStream().write(("GET " + base.resolve(path).getRawPath() + " HTTP/1.1\r\nHost: "
                    + base.getHost() + ":" + base.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream(), LoopbackFileServer.READ_BUFFER);
            String status = line(in);
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("GET " + path + " answered '" + status + "'");
            }
            long length = -1;
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring("content-length:".length()).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (!chunked) {
                return new Transfer(LoopbackFileServer.drain(in), length, 0);
            }
            byte[] buffer = new byte[LoopbackFileServer.READ_BUFFER];
            long bytes = 0;
            long chunks = 0;
            for (long size = Long.parseLong(line(in).split(";", 2)[0].trim(), 16); size > 0;
                 size = Long.parseLong(line(in).split(";", 2)[0].trim(), 16)) {
                for (long left = size; left > 0; ) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (read < 0) {
                        throw new IOException("the connection closed inside a chunk");
                    }
                    left -= read;
                }
                line(in);
                bytes += size;
                chunks++;
            }
            return new Transfer(bytes, length, chunks);
        }
    }


    private static <T> HttpResponse<T> expect(HttpResponse<T> response, int status) {
        if (response.statusCode() != status) {
            Object body = response.body();
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + " (expected " + status + ")"
                    + (body instanceof String text ? ": " + text : ""));
        }
        return response;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed inside the response headers");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Counts body bytes and drops them: the cheapest body handler that still checks the length. */
    private static final class CountingSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
        private long bytes;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                bytes += buffer.remaining();
            }
        }

        @Override
        public void onError(Throwable error) {
            // the HttpClient reports the failure from send()
        }

        @Override
        public void onComplete() {
            // the total is read by the finisher
        }
    }
}
