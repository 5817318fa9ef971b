package dev.brickyard.registry.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryFixture;
import dev.brickyard.registry.store.TokenRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Download counting against a real registry, as an attacker would try to inflate it: many requests for one byte each
 * count once per client, version and day. Distinct clients are made with tokens and with loopback addresses (the
 * client socket bound to 127.0.0.2, 127.0.0.3, ...), which Linux routes to the registry on 127.0.0.1.
 */
class DownloadCountingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryFixture.start(data);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void manyRangeRequestsFromOneClientCountOnce() throws Exception {
        String brick = published(registry, "acme/one-client");
        for (int i = 0; i < 200; i++) {
            assertEquals(206, get(registry, brick, "127.0.0.1", "Range: bytes=0-0"));
        }
        assertEquals(200, get(registry, brick, "127.0.0.1"));
        assertEquals(206, get(registry, brick, "127.0.0.1", "Range: bytes=100-"));

        assertDownloads(registry, brick, 1);
    }

    @Test
    void distinctAddressesAndTokensAreDistinctClients() throws Exception {
        String brick = published(registry, "acme/clients");
        String token = registry.token("globex", EnumSet.of(TokenRecord.Scope.PUBLISH));
        for (int i = 0; i < 20; i++) {
            get(registry, brick, "127.0.0.1", "Range: bytes=0-0");
            get(registry, brick, "127.0.0.2", "Range: bytes=0-0");
            // a token is one client from any address
            get(registry, brick, "127.0.0.3", "Range: bytes=0-0", "Authorization: Bearer " + token);
            get(registry, brick, "127.0.0.4", "Range: bytes=0-0", "Authorization: Bearer " + token);
        }
        // a resumption that does not start at byte 0 counts when it is the client's first request of the day
        assertEquals(206, get(registry, brick, "127.0.0.5", "Range: bytes=10-19"));
        // an unknown token counts for the address, so made-up tokens make no new clients
        assertEquals(200, get(registry, brick, "127.0.0.1", "Authorization: Bearer bky_000000000000_forged"));
        // HEAD sends no bytes
        assertEquals(200, head(registry, brick, "127.0.0.6"));

        assertDownloads(registry, brick, 4);
    }

    @Test
    void forwardedForIsIgnoredWithoutATrustedProxy() throws Exception {
        String brick = published(registry, "acme/unproxied");
        for (int i = 0; i < 10; i++) {
            get(registry, brick, "127.0.0.1", "X-Forwarded-For: 203.0.113." + i);
        }

        assertDownloads(registry, brick, 1);
    }

    @Test
    void behindATrustedProxyTheClientIsTheAddressTheProxyAppended(@TempDir Path proxied) throws Exception {
        RegistryConfig config = RegistryConfig.embedded(proxied, 0)
                .withTrustedProxies(Set.of(InetAddress.getByName("127.0.0.1")));
        try (RegistryFixture behindProxy = RegistryFixture.start(config)) {
            String brick = published(behindProxy, "acme/proxied");
            get(behindProxy, brick, "127.0.0.1", "X-Forwarded-For: 203.0.113.7");
            // what the client wrote left of its real address changes nothing
            get(behindProxy, brick, "127.0.0.1", "X-Forwarded-For: 198.51.100.1, 203.0.113.7");
            // an IPv6 client counts by its /64; trusted proxies in the chain are skipped
            get(behindProxy, brick, "127.0.0.1", "X-Forwarded-For: 2001:db8:1:2::1");
            get(behindProxy, brick, "127.0.0.1", "X-Forwarded-For: 2001:db8:1:2:ffff::9",
                    "X-Forwarded-For: 127.0.0.1");
            // a request that reaches the registry directly is its own client, whatever it claims
            get(behindProxy, brick, "127.0.0.2", "X-Forwarded-For: 203.0.113.8");
            get(behindProxy, brick, "127.0.0.2", "X-Forwarded-For: 203.0.113.9");

            assertDownloads(behindProxy, brick, 3);
        }
    }

    @Test
    void theDatabaseHoldsNeitherAddressesNorTokens() throws Exception {
        String brick = published(registry, "acme/private");
        get(registry, brick, "127.0.0.2");
        get(registry, brick, "127.0.0.3", "Authorization: Bearer " + registry.token());

        List<String> clients = new ArrayList<>();
        try (Connection connection = registry.server().registry().database().dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT client FROM download_clients WHERE brick_id = ?")) {
            query.setString(1, brick);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    clients.add(rows.getString(1));
                }
            }
        }
        assertEquals(2, clients.size(), clients.toString());
        for (String client : clients) {
            assertTrue(client.matches("[0-9a-f]{64}"), "a SHA-256, not a name: " + client);
        }
    }

    /** Publishes a head brick; its id. */
    private static String published(RegistryFixture registry, String id) throws Exception {
        assertEquals(201, registry.publish(BrickJar.head(id, "1.0.0", "no", "yes")).statusCode());
        return id;
    }

    private static void assertDownloads(RegistryFixture registry, String brick, long expected) throws Exception {
        assertEquals(expected, JSON.readTree(registry.get("v1/bricks/" + brick + "/1.0.0").body())
                .get("downloads").asLong(), "the version's downloads");
        assertEquals(expected, JSON.readTree(registry.get("v1/bricks/" + brick).body())
                .get("downloads").asLong(), "the brick's downloads");
    }

    /** GETs version 1.0.0 of the brick from a socket bound to {@code from}; the status code. */
    private static int get(RegistryFixture registry, String brick, String from, String... headers)
            throws IOException {
        return request(registry, "GET", brick, from, headers);
    }

    private static int head(RegistryFixture registry, String brick, String from) throws IOException {
        return request(registry, "HEAD", brick, from);
    }

    /** One HTTP/1.1 request on a connection of its own, read to the end; the status code. */
    private static int request(RegistryFixture registry, String method, String brick, String from,
                               String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(registry.uri().getHost(), registry.uri().getPort()), 10_000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method + " /v1/bricks/" + brick + "/1.0.0/download HTTP/1.1\r\n"
                    + "Host: " + registry.uri().getAuthority() + "\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        }
    }
}
