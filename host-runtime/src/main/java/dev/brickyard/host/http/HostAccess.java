package dev.brickyard.host.http;

import dev.brickyard.host.access.HostTokens;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Who may reach a host and how: its tokens, the names it answers for, and its TLS.
 *
 * @param tokens the tokens requests must carry ({@link RequiresScope}); null lets every request through without one,
 *               for a host only its own machine reaches ({@code brick host serve --no-auth}) and for tests
 * @param allowedHosts host names besides IP addresses and {@code localhost} that requests may be addressed to
 *                     ({@link dev.brickyard.http.server.AllowedHostsFilter})
 * @param tls the TLS context to serve HTTPS with, or null for plain HTTP
 */
public record HostAccess(HostTokens tokens, Set<String> allowedHosts, SSLContext tls) {
    /** No tokens, no TLS, answering for IP addresses and {@code localhost} only. */
    public static final HostAccess UNAUTHENTICATED = new HostAccess(null, Set.of(), null);

    public HostAccess {
        allowedHosts = Set.copyOf(allowedHosts);
    }

    /** Whether requests need a token. */
    public boolean authenticated() {
        return tokens != null;
    }
}
