package dev.brickyard.registry.download;

import dev.brickyard.http.server.PeerAddress;
import dev.brickyard.registry.store.TokenRecord;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a download counts for. A request with a valid bearer token counts for the token, whatever address it comes
 * from; any other request for its network address: an IPv4 address whole, an IPv6 address by its /64 prefix (a
 * subscriber is usually given a whole /64 and may pick any address in it). The address is the connection's peer,
 * unless the peer is a trusted proxy: then {@code X-Forwarded-For} is read from the right, past the trusted proxies,
 * to the first address that is not one (as nginx's {@code real_ip_recursive} does); entries to the left of it are
 * whatever the client chose to send and are never read. The name stays in memory: {@link DownloadCounter} stores
 * a salted hash of it.
 *
 * @param name e.g. {@code token:3f9a1c0d2e7b}, {@code ipv4:203.0.113.7}, {@code ipv6/64:20010db800010002}
 */
public record DownloadClient(String name) {

    /**
     * The client of a request.
     *
     * @param token the valid token the request carries, if any
     * @param peer the address of the request's connection
     * @param forwardedFor the request's {@code X-Forwarded-For} headers (null or empty when it has none)
     * @param trustedProxies the proxies whose {@code X-Forwarded-For} entries are believed
     */
    public static DownloadClient of(Optional<TokenRecord> token, InetAddress peer, List<String> forwardedFor,
                                    Set<InetAddress> trustedProxies) {
        if (token.isPresent()) {
            return new DownloadClient("token:" + token.get().id());
        }
        return new DownloadClient(PeerAddress.clientKey(address(peer, forwardedFor, trustedProxies)));
    }

    /** The client's address: the peer, or the first address left of the trusted proxies in the forwarding chain. */
    static InetAddress address(InetAddress peer, List<String> forwardedFor, Set<InetAddress> trustedProxies) {
        List<String> hops = forwardedFor == null ? List.of()
                : forwardedFor.stream().flatMap(header -> Arrays.stream(header.split(","))).toList();
        InetAddress client = peer;
        for (int hop = hops.size() - 1; hop >= 0 && trustedProxies.contains(client); hop--) {
            Optional<InetAddress> previous = IpLiteral.parse(hops.get(hop));
            if (previous.isEmpty()) {
                break;
            }
            client = previous.get();
        }
        return client;
    }
}
