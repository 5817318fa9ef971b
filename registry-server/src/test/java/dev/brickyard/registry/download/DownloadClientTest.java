package dev.brickyard.registry.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.brickyard.registry.store.TokenRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who a download counts for: tokens, IPv4 addresses, IPv6 /64 prefixes, forwarding chains, and no DNS. */
class DownloadClientTest {
    private static final TokenRecord TOKEN = new TokenRecord("3f9a1c0d2e7b", "acme", "hash",
            Set.of(TokenRecord.Scope.PUBLISH), "ci", Instant.EPOCH, null);
    private static final Set<InetAddress> PROXIES = Set.of(address("10.0.0.5"), address("fd00::5"));

    @Test
    void aTokenIsOneClientFromEveryAddress() {
        assertEquals(new DownloadClient("token:3f9a1c0d2e7b"), client(Optional.of(TOKEN), "203.0.113.7"));
        assertEquals(client(Optional.of(TOKEN), "203.0.113.7"), client(Optional.of(TOKEN), "2001:db8::1"));
    }

    @Test
    void anIpv4AddressIsAClientOfItsOwn() {
        assertEquals(new DownloadClient("ipv4:203.0.113.7"), client(Optional.empty(), "203.0.113.7"));
        assertNotEquals(client(Optional.empty(), "203.0.113.7"), client(Optional.empty(), "203.0.113.8"));
        assertEquals(new DownloadClient("ipv4:203.0.113.7"), client(Optional.empty(), "::ffff:203.0.113.7"),
                "an IPv4 address seen through an IPv6 socket");
    }

    @Test
    void anIpv6ClientIsItsSlash64() {
        assertEquals(new DownloadClient("ipv6/64:20010db800010002"), client(Optional.empty(), "2001:db8:1:2::1"));
        assertEquals(client(Optional.empty(), "2001:db8:1:2::1"),
                client(Optional.empty(), "2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertNotEquals(client(Optional.empty(), "2001:db8:1:2::1"), client(Optional.empty(), "2001:db8:1:3::1"));
    }

    @Test
    void forwardedForCountsOnlyWhenThePeerIsATrustedProxy() {
        List<String> forwarded = List.of("203.0.113.7");
        assertEquals(address("198.51.100.1"), DownloadClient.address(address("198.51.100.1"), forwarded, PROXIES));
        assertEquals(address("203.0.113.7"), DownloadClient.address(address("10.0.0.5"), forwarded, PROXIES));
        assertEquals(address("10.0.0.5"), DownloadClient.address(address("10.0.0.5"), null, PROXIES));
        assertEquals(address("10.0.0.5"), DownloadClient.address(address("10.0.0.5"), List.of(), PROXIES));
    }

    @Test
    void theChainIsReadFromTheRightPastTrustedProxiesOnly() {
        assertEquals(address("203.0.113.7"), DownloadClient.address(address("10.0.0.5"),
                List.of("6.6.6.6, 203.0.113.7, fd00::5"), PROXIES), "the client's own entries are never reached");
        assertEquals(address("203.0.113.7"), DownloadClient.address(address("10.0.0.5"),
                List.of("6.6.6.6", "203.0.113.7", "10.0.0.5"), PROXIES), "several header lines are one list");
        assertEquals(address("10.0.0.5"), DownloadClient.address(address("10.0.0.5"),
                List.of("203.0.113.7, unknown"), PROXIES), "an entry that is not an address ends the walk");
        assertEquals(address("fd00::5"), DownloadClient.address(address("10.0.0.5"), List.of("fd00::5"), PROXIES),
                "a chain of trusted proxies only: the last one reached is the client");
    }

    @Test
    void onlyLiteralsAreAddressesAndNothingIsLookedUp() {
        assertEquals(Optional.of(address("203.0.113.7")), IpLiteral.parse(" 203.0.113.7 "));
        assertEquals(Optional.of(address("2001:db8::1")), IpLiteral.parse("[2001:db8::1]"));
        for (String notALiteral : List.of("localhost", "registry.example", "deadbeef.example", "256.1.1.1",
                "1.2.3", "203.0.113.7:8080", "fe80::1%eth0", "unknown", "", "::g")) {
            assertEquals(Optional.empty(), IpLiteral.parse(notALiteral), notALiteral);
        }
    }

    private static DownloadClient client(Optional<TokenRecord> token, String peer) {
        return DownloadClient.of(token, address(peer), null, PROXIES);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
