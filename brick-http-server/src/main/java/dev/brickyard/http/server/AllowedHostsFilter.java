package dev.brickyard.http.server;

import dev.brickyard.http.problem.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Answers only requests addressed to this server by a name it was configured with, against DNS rebinding: a page on
 * {@code attacker.example} whose name the attacker re-points at 127.0.0.1 makes the browser send
 * {@code Host: attacker.example} to a server on the user's machine. A {@code Host} (and an {@code Origin}, when a
 * browser sends one) must name an IP address, {@code localhost}, or one of the allowed names; anything else is
 * refused before routing: {@code host_not_allowed} (421), {@code origin_not_allowed} (403). IP addresses are always
 * allowed because rebinding needs a name the attacker controls; a request without {@code Host} (HTTP/1.0) comes from
 * no browser and passes.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public final class AllowedHostsFilter implements ContainerRequestFilter {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names;

    /** @param names the host names, besides IP addresses and {@code localhost}, requests may be addressed to */
    public AllowedHostsFilter(Set<String> names) {
        this.names = names.stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String host = request.getHeaderString("Host");
        if (host != null && !allowed(hostOf(host))) {
            throw new RequestRefusedException(ErrorCode.HOST_NOT_ALLOWED, "this server does not answer for the host '"
                    + host + "'; it answers for IP addresses, localhost" + allowedNames()
                    + " (a name is allowed with --allowed-host)", 0);
        }
        String origin = request.getHeaderString("Origin");
        if (origin != null && !allowed(originHost(origin))) {
            throw new RequestRefusedException(ErrorCode.ORIGIN_NOT_ALLOWED, "this server does not answer requests "
                    + "from pages of the origin '" + origin + "'", 0);
        }
    }

    /** Whether a host name (lower case, without port or brackets) is one requests may be addressed to. */
    boolean allowed(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        return host.equals("localhost") || IPV4.matcher(host).matches() || host.contains(":") || names.contains(host);
    }

    private String allowedNames() {
        return names.isEmpty() ? "" : " and " + names.stream().sorted().collect(Collectors.joining(", "));
    }

    /**
     * The host of a {@code Host} header value ({@code name[:port]}, {@code [v6]:port}), lower case, without a trailing
     * dot; null when it is malformed.
     */
    static String hostOf(String header) {
        String value = header.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            String address = end < 0 ? null : value.substring(1, end);
            return address != null && address.matches("[0-9a-f:.]+") ? address : null;
        }
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        if (colon >= 0 && !value.substring(colon + 1).matches("\\d{1,5}")) {
            return null;
        }
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return name.matches("[a-z0-9._-]+") ? name : null;
    }

    /** The host of an {@code Origin} header ({@code scheme://host[:port]}), or null for {@code null} or a malformed one. */
    private static String originHost(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String authority = uri.getRawAuthority();
            return uri.getScheme() == null || authority == null ? null : hostOf(authority);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
