package dev.brickyard.registry;

import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.http.server.ServerLimits;
import dev.brickyard.registry.download.IpLiteral;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

/**
 * How to run a registry.
 *
 * @param host interface to listen on
 * @param port TCP port, 0 for any free one
 * @param data folder for blobs (and the H2 database unless {@code databaseUrl} is given)
 * @param databaseUrl {@code jdbc:h2:...} or {@code jdbc:postgresql:...}; null for H2 under {@code data}
 * @param maxUploadBytes largest bundle accepted
 * @param publicUrl where clients reach the registry (every link it writes starts with it), or null for the address
 *                  it listens on; the request's {@code Host} header is never used
 * @param trustedProxies the reverse proxies in front of the registry, whose {@code X-Forwarded-For} entries say which
 *                       client a download counts for; with none, the header is ignored
 * @param limits    the bounds on concurrent requests, timeouts and JSON bodies (uploads are bounded by
 *                  {@code maxUploadBytes})
 * @param privateReads whether reads need a token too ({@code --private}): every request but the health checks
 *                  and the API description
 * @param queryModel which build of the base model embeds search queries; the bricks' embeddings (the index keys)
 *                  are always made by the full-precision model, see {@code SearchIndex}
 */
public record RegistryConfig(String host, int port, Path data, String databaseUrl, String databaseUser,
                             String databasePassword, long maxUploadBytes, URI publicUrl,
                             Set<InetAddress> trustedProxies, ServerLimits limits, boolean privateReads,
                             BaseModelVariant queryModel) {
    public RegistryConfig {
        java.util.Objects.requireNonNull(queryModel, "queryModel");
        if (publicUrl != null) {
            publicUrl = publicUrl(publicUrl.toString());
        }
        trustedProxies = Set.copyOf(trustedProxies);
    }

    public static final long DEFAULT_MAX_UPLOAD = 64L << 20;
    /** The query model unless configured: see docs/benchmarks.md for its speed and its agreement with FP32. */
    public static final BaseModelVariant DEFAULT_QUERY_MODEL = BaseModelVariant.INT8;

    /** Loopback, the given port, H2 under the folder, 64 MiB uploads. */
    public static RegistryConfig embedded(Path data, int port) {
        return new RegistryConfig("127.0.0.1", port, data, null, null, null, DEFAULT_MAX_UPLOAD, null, Set.of(),
                ServerLimits.DEFAULT, false, DEFAULT_QUERY_MODEL);
    }

    public RegistryConfig withDatabase(String url, String user, String password) {
        return new RegistryConfig(host, port, data, url, user, password, maxUploadBytes, publicUrl, trustedProxies,
                limits, privateReads, queryModel);
    }

    public RegistryConfig withMaxUploadBytes(long bytes) {
        return new RegistryConfig(host, port, data, databaseUrl, databaseUser, databasePassword, bytes, publicUrl,
                trustedProxies, limits, privateReads, queryModel);
    }

    public RegistryConfig withPublicUrl(URI url) {
        return new RegistryConfig(host, port, data, databaseUrl, databaseUser, databasePassword, maxUploadBytes, url,
                trustedProxies, limits, privateReads, queryModel);
    }

    public RegistryConfig withTrustedProxies(Set<InetAddress> proxies) {
        return new RegistryConfig(host, port, data, databaseUrl, databaseUser, databasePassword, maxUploadBytes,
                publicUrl, proxies, limits, privateReads, queryModel);
    }

    public RegistryConfig withLimits(ServerLimits newLimits) {
        return new RegistryConfig(host, port, data, databaseUrl, databaseUser, databasePassword, maxUploadBytes,
                publicUrl, trustedProxies, newLimits, privateReads, queryModel);
    }

    public RegistryConfig withPrivateReads(boolean reads) {
        return new RegistryConfig(host, port, data, databaseUrl, databaseUser, databasePassword, maxUploadBytes,
                publicUrl, trustedProxies, limits, reads, queryModel);
    }

    public RegistryConfig withQueryModel(BaseModelVariant variant) {
        return new RegistryConfig(host, port, data, databaseUrl, databaseUser, databasePassword, maxUploadBytes,
                publicUrl, trustedProxies, limits, privateReads, variant);
    }

    /** The server's limits with this registry's upload limit. */
    public ServerLimits serverLimits() {
        return limits.withMaxUploadBytes(maxUploadBytes);
    }

    /**
     * A trusted proxy's address as the registry uses it: an IPv4 or IPv6 literal, never a name to look up.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static InetAddress trustedProxy(String text) {
        return IpLiteral.parse(text).orElseThrow(() -> new IllegalArgumentException("a trusted proxy is an IP "
                + "address such as 10.0.0.5 or fd00::5, not '" + text + "'"));
    }

    /**
     * A public URL as the registry uses it: absolute {@code http} or {@code https}, a host, no query or fragment,
     * ending in {@code /} (added when missing).
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static URI publicUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getMessage());
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the public URL must be http:// or https://, with a host and no "
                    + "user, query or fragment, such as https://bricks.example.org/; not '" + text + "'");
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }
}
