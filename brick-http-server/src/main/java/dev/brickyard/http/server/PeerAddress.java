package dev.brickyard.http.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;

/**
 * The address at the other end of a request's connection. Jersey's JDK HTTP container gives resources neither the
 * {@code HttpExchange} nor its remote address (jersey-container-jdk-http 4.0.2 injects no {@code @Context
 * HttpExchange}; jersey#6029 adds that to a later release), so {@link JerseyServer} records the address in a filter of
 * the JDK server, which runs on the thread that then runs Jersey, and a pre-matching Jersey filter moves it into a
 * request property, which stays with the request whatever thread answers it.
 */
public final class PeerAddress {
    private static final String PROPERTY = PeerAddress.class.getName();
    private static final ThreadLocal<InetSocketAddress> EXCHANGE_PEER = new ThreadLocal<>();

    private PeerAddress() {
    }

    /**
     * The address the request's connection comes from: the client's, or a proxy's when one stands in between.
     *
     * @throws IllegalStateException when the request was not served by a {@link JerseyServer}
     */
    public static InetAddress of(ContainerRequestContext request) {
        if (request.getProperty(PROPERTY) instanceof InetSocketAddress peer) {
            return peer.getAddress();
        }
        throw new IllegalStateException("the request did not come through a JerseyServer: its peer is unknown");
    }

    /**
     * The client an address stands for: an IPv4 address whole ({@code ipv4:203.0.113.7}), an IPv6 address by its /64
     * ({@code ipv6/64:20010db800010002}): a subscriber is usually given a whole /64 and may use any address in it.
     */
    public static String clientKey(InetAddress address) {
        return address instanceof Inet4Address ? "ipv4:" + address.getHostAddress()
                : "ipv6/64:" + HexFormat.of().formatHex(address.getAddress(), 0, 8);
    }

    /** The JDK server's half: holds the exchange's remote address while the handler (Jersey) runs. */
    static final class Recorder extends Filter {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            EXCHANGE_PEER.set(exchange.getRemoteAddress());
            try {
                chain.doFilter(exchange);
            } finally {
                EXCHANGE_PEER.remove();
            }
        }

        @Override
        public String description() {
            return "records the remote address for PeerAddress";
        }
    }

    /** Jersey's half: copies the address the {@link Recorder} holds into the request's properties. */
    @PreMatching
    static final class Handover implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            request.setProperty(PROPERTY, EXCHANGE_PEER.get());
        }
    }
}
