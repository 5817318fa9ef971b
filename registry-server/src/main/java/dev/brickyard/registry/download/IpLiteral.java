package dev.brickyard.registry.download;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP addresses written as literals, read without ever looking a name up: {@code InetAddress.getByName} resolves
 * anything it cannot parse as a host name, so a header value such as {@code attacker.example} would make the
 * registry query DNS.
 */
public final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** The characters of an IPv6 literal, the dotted IPv4 tail included; no zone ({@code %eth0}). */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /**
     * The address {@code text} writes: a dotted IPv4 address or an IPv6 address, possibly in brackets, with white
     * space around it; empty for anything else (a host name, a port, a zone).
     */
    public static Optional<InetAddress> parse(String text) {
        String literal = text.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        try {
            Matcher ipv4 = IPV4.matcher(literal);
            if (ipv4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < bytes.length; i++) {
                    int octet = Integer.parseInt(ipv4.group(i + 1));
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            // Text with a colon that starts like a number is parsed as an IPv6 literal or refused, never looked up.
            if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
                return Optional.of(InetAddress.getByName(literal));
            }
        } catch (UnknownHostException notALiteral) {
            // answered below
        }
        return Optional.empty();
    }
}
