package dev.brickyard.http.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.registry.BrickDetail;
import dev.brickyard.http.registry.CreatedToken;
import dev.brickyard.http.registry.DistTagRequest;
import dev.brickyard.http.registry.DistTags;
import dev.brickyard.http.registry.ResolvedVersion;
import dev.brickyard.http.registry.SearchPage;
import dev.brickyard.http.registry.TokenInfo;
import dev.brickyard.http.registry.TokenList;
import dev.brickyard.http.registry.TokenRequest;
import dev.brickyard.http.registry.VersionDetail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The registry's HTTP API, for the command line, a host's installer and follower, and the benchmarks. Every error answer becomes the exception its problem code stands
 * for ({@code brick_not_found} a {@link NotInRegistryException}, {@code unauthorized} a
 * {@link RegistryAuthException}, ...), so each maps to one exit code; a registry that cannot be reached becomes a
 * {@link RegistryUnreachableException}.
 */
public final class RegistryClient {
    /** Jackson as the registry writes: ISO-8601 times; unknown fields are ignored, so newer registries still work. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String token;
    private final Transport transport;

    /** A client that only reads and traces nothing, as a host uses it. */
    public RegistryClient(URI base) {
        this(base, null, line -> { });
    }

    /**
     * @param base the registry's root, e.g. {@code http://localhost:8080}
     * @param token the bearer token, or null for reads only
     * @param trace receives one line per request and answer ({@code --verbose}); never the token
     */
    public RegistryClient(URI base, String token, Consumer<String> trace) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.token = token;
        this.transport = new Transport("registry", trace);
    }

    /** The registry's root URI, ending in {@code /}. */
    public URI base() {
        return base;
    }

    /** The result of a publish: {@code created} is false when the same bytes were already published. */
    public record Published(boolean created, VersionDetail version) {
    }

    /** What the token may do ({@code GET /v1/token}). */
    public TokenInfo token() throws IOException, BrickException {
        return read(authorized(request("v1/token")).GET().build(), TokenInfo.class);
    }

    /** Creates a token with the client's admin token ({@code POST /v1/admin/tokens}); the answer holds its secret. */
    public CreatedToken createToken(TokenRequest token) throws IOException, BrickException {
        return read(authorized(request("v1/admin/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(token))).build(),
                CreatedToken.class);
    }

    /** The registry's tokens, of one namespace or of all when it is null ({@code GET /v1/admin/tokens}). */
    public TokenList tokens(String namespace) throws IOException, BrickException {
        return read(authorized(request("v1/admin/tokens" + (namespace == null ? "" : "?namespace="
                + encode(namespace)))).GET().build(), TokenList.class);
    }

    /** Revokes a token with the client's admin token ({@code DELETE /v1/admin/tokens/{id}}). */
    public TokenInfo revokeToken(String id) throws IOException, BrickException {
        return read(authorized(request("v1/admin/tokens/" + encode(id))).DELETE().build(), TokenInfo.class);
    }

    /**
     * Uploads a bundle ({@code PUT /v1/bricks/{ns}/{name}/{version}}). The body is streamed from the file with its
     * length declared, so a registry can refuse an over-size upload before reading it.
     */
    public Published publish(BrickId id, SemVer version, Path bundle, TransferProgress progress)
            throws IOException, BrickException {
        long size = Files.size(bundle);
        progress.start("upload " + id + "@" + version, size);
        HttpRequest request = authorized(request("v1/bricks/" + id + "/" + version))
                .timeout(READ_TIMEOUT.multipliedBy(5))
                .header("Content-Type", "application/java-archive")
                .PUT(new CountingPublisher(HttpRequest.BodyPublishers.ofFile(bundle), size, progress::advance))
                .build();
        HttpResponse<byte[]> response = send(request);
        VersionDetail detail = parse(response, VersionDetail.class);
        return new Published(response.statusCode() == 201, detail);
    }

    /** One page of {@code GET /v1/bricks}; {@code parameters} are the query's (q, kind, base, tag, ...). */
    public SearchPage search(Map<String, String> parameters) throws IOException, BrickException {
        String query = parameters.entrySet().stream().filter(entry -> entry.getValue() != null)
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
        return read(request("v1/bricks" + (query.isEmpty() ? "" : "?" + query)).GET().build(), SearchPage.class);
    }

    /** A brick with all its versions. */
    public BrickDetail brick(BrickId id) throws IOException, BrickException {
        return read(request("v1/bricks/" + id).GET().build(), BrickDetail.class);
    }

    /** One version in full. */
    public VersionDetail version(BrickId id, SemVer version) throws IOException, BrickException {
        return read(request("v1/bricks/" + id + "/" + version).GET().build(), VersionDetail.class);
    }

    /** The best version for {@code ns/name[@range]}, optionally for one base model ({@code GET /v1/resolve}). */
    public ResolvedVersion resolve(String reference, String baseModel) throws IOException, BrickException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("ref", reference);
        if (baseModel != null) {
            query.put("base", baseModel);
        }
        String text = query.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return read(request("v1/resolve?" + text).GET().build(), ResolvedVersion.class);
    }

    /** Yanks a version with a reason. */
    public VersionDetail yank(BrickId id, SemVer version, String reason) throws IOException, BrickException {
        String body = JSON.writeValueAsString(Map.of("reason", reason));
        return read(authorized(request("v1/bricks/" + id + "/" + version + "/yank"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), VersionDetail.class);
    }

    /** Takes a yank back. */
    public VersionDetail unyank(BrickId id, SemVer version) throws IOException, BrickException {
        return read(authorized(request("v1/bricks/" + id + "/" + version + "/unyank"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), VersionDetail.class);
    }

    /** A brick's dist-tags, the implicit {@code latest} included ({@code GET /v1/bricks/{ns}/{name}/tags}). */
    public DistTags distTags(BrickId id) throws IOException, BrickException {
        return read(request("v1/bricks/" + id + "/tags").GET().build(), DistTags.class);
    }

    /** Points a tag at an exact version, creating or moving it; answers the brick's tags afterwards. */
    public DistTags setDistTag(BrickId id, String tag, SemVer version) throws IOException, BrickException {
        String body = JSON.writeValueAsString(new DistTagRequest(version.toString()));
        return read(authorized(request("v1/bricks/" + id + "/tags/" + encode(tag)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), DistTags.class);
    }

    /** Removes a tag; answers the brick's tags afterwards. */
    public DistTags removeDistTag(BrickId id, String tag) throws IOException, BrickException {
        return read(authorized(request("v1/bricks/" + id + "/tags/" + encode(tag))).DELETE().build(),
                DistTags.class);
    }

    /**
     * Opens the registry's event stream ({@code GET /v1/events}, Server-Sent Events): from the start of its history
     * when {@code lastEventId} is 0, else from the event after it ({@code Last-Event-ID}). The caller reads the
     * stream as it arrives and closes it.
     */
    public InputStream events(long lastEventId) throws IOException, BrickException {
        HttpRequest.Builder request = withToken(HttpRequest.newBuilder(base.resolve("v1/events"
                + (lastEventId == 0 ? "?after=0" : ""))).header("Accept", "text/event-stream").GET());
        if (lastEventId > 0) {
            request.header("Last-Event-ID", String.valueOf(lastEventId));
        }
        URI uri = base.resolve("v1/events");
        transport.trace("GET " + uri);
        HttpResponse<InputStream> response;
        try {
            response = transport.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening " + uri);
        }
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw failure(response.statusCode(), body.readAllBytes(), uri);
            }
        }
        return response.body();
    }

    /**
     * Downloads a bundle to {@code target}, hashing it on the way: the bytes go to a hidden partial file beside the
     * target, which is moved into place only when their SHA-256 equals {@code expectedDigest} (the registry's, from
     * the version document, never from the download's own headers). On any failure no file is left.
     *
     * @throws DigestMismatchException when the bytes differ from the digest
     */
    public void download(URI url, String expectedDigest, long size, Path target, TransferProgress progress)
            throws IOException, BrickException {
        HttpRequest request = withToken(HttpRequest.newBuilder(url).timeout(READ_TIMEOUT).GET()).build();
        transport.trace("GET " + url);
        HttpResponse<BodyPipe> response;
        try {
            response = transport.http().send(request, info -> new BodyPipe());
        } catch (IOException e) {
            throw unreachable(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        }
        transport.trace(response.statusCode() + " " + url);
        try (BodyPipe body = response.body()) {
            if (response.statusCode() != 200) {
                throw failure(response.statusCode(), body.readAllBytes(), url);
            }
            Path folder = target.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path partial = folder.resolve("." + target.getFileName() + ".part");
            MessageDigest sha256 = sha256();
            progress.start("download " + target.getFileName(), size);
            boolean kept = false;
            try {
                // Hashing and writing here while the client's own thread receives the next buffers: the JDK's
                // ofInputStream lets only one buffer ahead, which made the pull take twice as long as the transfer.
                try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    for (ByteBuffer[] buffers = body.next(); buffers != null; buffers = body.next()) {
                        long bytes = 0;
                        for (ByteBuffer buffer : buffers) {
                            bytes += buffer.remaining();
                            sha256.update(buffer.duplicate());
                        }
                        for (long left = bytes; left > 0; ) {
                            left -= out.write(buffers);
                        }
                        progress.advance(bytes);
                    }
                } catch (IOException e) {
                    throw unreachable(url, e);
                }
                String actual = "sha256:" + HexFormat.of().formatHex(sha256.digest());
                if (!actual.equals(expectedDigest)) {
                    throw new DigestMismatchException("the download of " + url + " has digest " + actual
                            + " but the registry published " + expectedDigest + "; the file was removed");
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                kept = true;
            } finally {
                if (!kept) {
                    Files.deleteIfExists(partial);
                }
            }
        }
    }

    /**
     * A read of this registry: with the token when the client has one, for a private registry ({@code --private})
     * answers reads only with a token.
     */
    private HttpRequest.Builder request(String path) {
        return withToken(HttpRequest.newBuilder(base.resolve(path)).timeout(READ_TIMEOUT)
                .header("Accept", "application/json"));
    }

    /** The request with the token when the client has one and the request goes to this registry's origin. */
    private HttpRequest.Builder withToken(HttpRequest.Builder request) {
        URI target = request.build().uri();
        boolean sameOrigin = target.getScheme().equalsIgnoreCase(base.getScheme())
                && target.getHost().equalsIgnoreCase(base.getHost()) && target.getPort() == base.getPort();
        return token == null || !sameOrigin ? request : request.setHeader("Authorization", "Bearer " + token);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) throws RegistryAuthException {
        if (token == null) {
            throw new RegistryAuthException("no token for " + base + ": run 'brick login --registry " + base
                    + "' or set BRICKYARD_TOKEN");
        }
        return request.setHeader("Authorization", "Bearer " + token);
    }

    private <T> T read(HttpRequest request, Class<T> type) throws IOException, BrickException {
        return parse(send(request), type);
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        return transport.send(request);
    }

    private <T> T parse(HttpResponse<byte[]> response, Class<T> type) throws IOException, BrickException {
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), response.body(), response.uri());
        }
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new RegistryProblemException(response.statusCode(), null, response.uri()
                    + " did not answer with the registry's JSON; is " + base + " a brick registry?");
        }
    }

    private RegistryUnreachableException unreachable(URI uri, IOException cause) {
        return transport.unreachable(uri, cause);
    }

    /** The exception an error answer stands for, from its problem+json body. */
    static BrickException failure(int status, byte[] body, URI uri) {
        ProblemDocument problem = ProblemDocument.parse(status, body).orElse(null);
        if (problem == null) {
            return new RegistryProblemException(status, null, uri + " answered HTTP " + status
                    + " without a problem document; is it a brick registry?");
        }
        String code = problem.code();
        String detail = problem.detail();
        Optional<UntrustedBrickException.Reason> untrusted = ErrorCode.untrustedReason(code);
        if (untrusted.isPresent()) {
            return ServerProblem.attach(new UntrustedBrickException(untrusted.get(), "the registry refused the brick ("
                    + code + "): " + detail), problem);
        }
        BrickException failure = switch (code) {
            case "unauthorized" -> new RegistryAuthException(detail + " (run 'brick login' with a valid token)");
            case "forbidden" -> new RegistryAuthException(detail);
            case "brick_not_found", "version_not_found", "no_matching_version", "tag_not_found" ->
                    new NotInRegistryException(detail, problem.suggestions());
            case "not_found", "token_not_found" -> new BrickNotFoundException(detail);
            case "version_exists", "token_revoked", "version_yanked" -> new BrickConflictException(detail);
            case "brick_incompatible" -> new IncompatibleBrickException(detail);
            case "brick_invalid", "url_mismatch", "upload_too_large", "unsupported_media_type" ->
                    new MalformedBrickException("the registry refused the brick (" + code + "): " + detail,
                            problem.violations());
            default -> new RegistryProblemException(status, code, "the registry answered " + status + " " + code
                    + ": " + detail + (problem.errorId() == null ? ""
                    : " (error id " + problem.errorId() + " in the registry's log)"));
        };
        return ServerProblem.attach(failure, problem);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * A response body handed from the HTTP client's threads to the thread that downloads, up to
     * {@link #WINDOW} buffer lists ahead, so receiving overlaps with hashing and writing while a slow disk holds at
     * most the window (about 4 MiB) in memory. {@link #next} waits at most {@link #READ_TIMEOUT} for data.
     */
    private static final class BodyPipe implements HttpResponse.BodySubscriber<BodyPipe>, AutoCloseable {
        /** Lists of buffers (one socket read each, 16 KiB by default) the client may deliver ahead of us. */
        private static final int WINDOW = 256;
        private static final Object END = new Object();

        private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
        private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
        private boolean ended;

        @Override
        public CompletionStage<BodyPipe> getBody() {
            // ready at once: the caller reads the status and headers, then the body as it arrives
            return CompletableFuture.completedStage(this);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription.complete(subscription);
            subscription.request(WINDOW);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            arrived.add(buffers);
        }

        @Override
        public void onError(Throwable failure) {
            arrived.add(failure);
        }

        @Override
        public void onComplete() {
            arrived.add(END);
        }

        /** Every buffer that has arrived since the last call (waiting for at least one), or null at the end. */
        ByteBuffer[] next() throws IOException {
            if (ended) {
                return null;
            }
            List<Object> items = new ArrayList<>();
            try {
                Object first = arrived.poll(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    throw new HttpTimeoutException("no data for " + READ_TIMEOUT.toSeconds() + " s");
                }
                items.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading");
            }
            // everything else already there too, so that one gathering write takes it all
            arrived.drainTo(items);
            List<ByteBuffer> buffers = new ArrayList<>();
            int lists = 0;
            for (Object item : items) {
                if (item == END) {
                    ended = true;
                } else if (item instanceof Throwable failure) {
                    ended = true;
                    throw failure instanceof IOException io ? io : new IOException(failure);
                } else {
                    @SuppressWarnings("unchecked")
                    List<ByteBuffer> list = (List<ByteBuffer>) item;
                    buffers.addAll(list);
                    lists++;
                }
            }
            if (!ended) {
                subscription.join().request(lists);
            }
            return buffers.isEmpty() && ended ? null : buffers.toArray(ByteBuffer[]::new);
        }

        /** The whole body, for error answers (a problem document is small). */
        byte[] readAllBytes() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (ByteBuffer[] buffers = next(); buffers != null; buffers = next()) {
                for (ByteBuffer buffer : buffers) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    body.write(bytes, 0, bytes.length);
                }
            }
            return body.toByteArray();
        }

        /** Stops the transfer when the body was not read to its end, so the connection is not left half-read. */
        @Override
        public void close() {
            if (!ended) {
                ended = true;
                subscription.thenAccept(Flow.Subscription::cancel);
            }
        }
    }

    /** A body publisher that tells how many bytes have gone to the connection. */
    private record CountingPublisher(HttpRequest.BodyPublisher delegate, long length, Consumer<Long> sent)
            implements HttpRequest.BodyPublisher {
        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            delegate.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    sent.accept((long) item.remaining());
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    subscriber.onError(throwable);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }
    }
}
