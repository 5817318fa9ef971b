package dev.brickyard.registry.resource;

import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.server.PeerAddress;
import dev.brickyard.registry.RegistryMetrics;
import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.blob.BlobStore;
import dev.brickyard.registry.download.DownloadClient;
import dev.brickyard.registry.download.DownloadCounter;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.VersionRecord;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bundle downloads: {@code ETag} is the digest, {@code Repr-Digest} (RFC 9530) the bundle's SHA-256 (and
 * {@code Content-Digest} too when the whole bundle is sent), one byte range is served with 206 (RFC 9110 §14: other
 * units, several ranges and a stale {@code If-Range} get the whole bundle), and a {@code GET} that sends bytes (all
 * or a range) is counted once per client, version and day ({@link DownloadCounter}). Yanked versions stay
 * downloadable by exact version.
 */
@Path("/v1/bricks/{namespace}/{name}/{version}/download")
public final class DownloadResource {
    static final String BUNDLE_TYPE = "application/java-archive";
    /** One byte range; the unit is case-insensitive (RFC 9110 §14.1), white space around the numbers is allowed. */
    private static final Pattern RANGE = Pattern.compile("(?i)bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    private final BrickStore store;
    private final BlobStore blobs;
    private final Tokens tokens;
    private final DownloadCounter downloads;
    private final Set<InetAddress> trustedProxies;
    private final RegistryMetrics metrics;

    /** @param trustedProxies the proxies whose {@code X-Forwarded-For} names the client ({@link DownloadClient}) */
    public DownloadResource(BrickStore store, BlobStore blobs, Tokens tokens, DownloadCounter downloads,
                            Set<InetAddress> trustedProxies, RegistryMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.blobs = blobs;
        this.tokens = tokens;
        this.downloads = downloads;
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    @GET
    public Response download(@PathParam("namespace") String namespace, @PathParam("name") String name,
                             @PathParam("version") String version, @HeaderParam("Range") String range,
                             @HeaderParam("If-Range") String ifRange,
                             @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                             @Context ContainerRequestContext request) throws IOException {
        return respond(namespace, name, version, range, ifRange, ifNoneMatch, request);
    }

    @HEAD
    public Response head(@PathParam("namespace") String namespace, @PathParam("name") String name,
                         @PathParam("version") String version, @HeaderParam("Range") String range,
                         @HeaderParam("If-Range") String ifRange,
                         @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws IOException {
        return respond(namespace, name, version, range, ifRange, ifNoneMatch, null);
    }

    /** @param download the request of a GET, which sends and counts the bytes; null for a HEAD */
    private Response respond(String namespace, String name, String version, String range, String ifRange,
                             String ifNoneMatch, ContainerRequestContext download) throws IOException {
        VersionRecord record = BricksResource.find(store, namespace, name, version);
        java.nio.file.Path file = blobs.find(record.digest()).orElseThrow(() ->
                new IllegalStateException("blob " + record.digest() + " of " + record.ref() + " is missing"));
        String etag = "\"" + record.digest() + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        long size = Files.size(file);
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        // RFC 9110 §14.2: a Range in another unit, with several ranges or otherwise not one byte range is ignored (the
        // whole bundle is sent), and so is one whose If-Range names another validator than this version's ETag.
        Matcher matcher = range == null ? null : RANGE.matcher(range);
        boolean ranged = matcher != null && matcher.matches()
                && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())
                && (ifRange == null || ifRange.trim().equals(etag));
        if (ranged) {
            if (matcher.group(1).isEmpty()) {
                start = Math.max(0, size - number(matcher.group(2)));
            } else {
                start = number(matcher.group(1));
                end = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, number(matcher.group(2)));
            }
            if (start >= size || start > end) {
                return Response.status(416).header("Content-Range", "bytes */" + size)
                        .type(dev.brickyard.http.problem.Problem.MEDIA_TYPE)
                        .entity(ProblemMapper.document(ErrorCode.RANGE_NOT_SATISFIABLE, "the bundle has " + size
                                + " bytes; the range '" + range + "' is outside it", null))
                        .build();
            }
            partial = true;
        }
        if (download != null) {
            metrics.downloaded();
            String authorization = download.getHeaderString(HttpHeaders.AUTHORIZATION);
            downloads.count(record, DownloadClient.of(tokens.holder(authorization), PeerAddress.of(download),
                    download.getHeaders().get("X-Forwarded-For"), trustedProxies));
        }
        long from = start;
        long length = end - start + 1;
        Response.ResponseBuilder response = Response.status(partial ? 206 : 200)
                .type(BUNDLE_TYPE)
                .header(HttpHeaders.ETAG, etag)
                // Repr-Digest is the whole bundle's; Content-Digest is what this answer carries, so only a full one
                // has it (RFC 9530 §2, §3)
                .header("Repr-Digest", contentDigest(record.digest()))
                .header("Accept-Ranges", "bytes")
                .header("Content-Disposition", "attachment; filename=\"" + record.brick().symbolicName() + "-"
                        + record.version() + ".jar\"");
        if (partial) {
            response.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
        } else {
            response.header("Content-Digest", contentDigest(record.digest()));
        }
        if (download != null) {
            // The JDK HTTP server sends streamed bodies chunked and would contradict a Content-Length header, so
            // GET leaves the length to the chunking (the version's "size" tells clients what to expect); HEAD,
            // which has no body, states it.
            response.entity((StreamingOutput) out -> copy(file, from, length, out));
        } else {
            response.header(HttpHeaders.CONTENT_LENGTH, length);
        }
        return response.build();
    }

    /** A range position; one too large for a long is as good as infinite, never an error. */
    private static long number(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** {@code sha-256=:<base64>:} from our {@code sha256:<hex>}. */
    static String contentDigest(String digest) {
        byte[] bytes = HexFormat.of().parseHex(digest.substring("sha256:".length()));
        return "sha-256=:" + Base64.getEncoder().encodeToString(bytes) + ":";
    }

    private static void copy(java.nio.file.Path file, long from, long length, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = Channels.newInputStream(channel.position(from))) {
            byte[] buffer = new byte[256 * 1024];
            long left = length;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        }
    }
}
