package dev.brickyard.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.cli.UsageException;
import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The host tokens stored for the {@code brick host} commands, one per host URL. {@code brick host serve} stores the
 * admin token it makes at a host's first start, so the same user's commands on the same machine need no token
 * option. Kept next to {@link Credentials}, readable by the user alone:
 * <pre>
 * ~/.config/brickyard/            (0700)
 * └── host-tokens.json            (0600)  {"hosts": {"http://127.0.0.1:8081": {"token": "bkh_..."}}}
 * </pre>
 */
public final class HostCredentials {
    /** The file's name in the config folder. */
    public static final String FILE_NAME = "host-tokens.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final TreeMap<String, String> tokens;

    private HostCredentials(Path file, TreeMap<String, String> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    /** The host tokens in {@code configFolder}; none when there is no file yet. */
    public static HostCredentials load(Path configFolder) throws IOException, InvalidInputException {
        Path file = configFolder.resolve(FILE_NAME);
        TreeMap<String, String> tokens = new TreeMap<>();
        if (Files.exists(file)) {
            JsonNode tree;
            try {
                tree = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new UsageException(file + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                        + "); fix it or delete it");
            }
            tree.path("hosts").fields().forEachRemaining(entry -> {
                JsonNode token = entry.getValue().path("token");
                if (token.isTextual()) {
                    tokens.put(entry.getKey(), token.textValue());
                }
            });
        }
        return new HostCredentials(file, tokens);
    }

    /** The stored token for the host at {@code url}. */
    public Optional<String> token(URI url) {
        return Optional.ofNullable(tokens.get(key(url)));
    }

    /**
     * Stores {@code token} for the host at {@code url}, and for its {@code localhost} and {@code 127.0.0.1} spellings
     * when it is a loopback address, then saves the file.
     */
    public void store(URI url, String token) throws IOException {
        String key = key(url);
        tokens.put(key, token);
        String host = url.getHost();
        if ("127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host)) {
            String port = key.substring(key.lastIndexOf(':'));
            tokens.put(url.getScheme() + "://localhost" + port, token);
            tokens.put(url.getScheme() + "://127.0.0.1" + port, token);
        }
        ObjectNode tree = JSON.createObjectNode();
        ObjectNode hosts = tree.putObject("hosts");
        tokens.forEach((hostUrl, secret) -> hosts.putObject(hostUrl).put("token", secret));
        OwnerOnlyFiles.write(file, JSON.writeValueAsBytes(tree));
    }

    /** A host URL as the file keys it: scheme, lower-case host and port, without path. */
    static String key(URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        return url.getScheme() + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
