package dev.brickyard.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.cli.UsageException;
import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tokens {@code brick login} stored, one per registry, and the registry last logged in to (the default).
 * Kept in the user's config folder, readable by the user alone:
 * <pre>
 * ~/.config/brickyard/            (0700)
 * └── credentials.json            (0600)  {"default": "https://registry.example",
 *                                          "registries": {"https://registry.example": {"token": "bky_..."}}}
 * </pre>
 * The file is replaced atomically, so a crash mid-write leaves the old one.
 */
public final class Credentials {
    /** The file's name in the config folder. */
    public static final String FILE_NAME = "credentials.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final String defaultRegistry;
    private final TreeMap<String, String> tokens;

    private Credentials(Path file, String defaultRegistry, TreeMap<String, String> tokens) {
        this.file = file;
        this.defaultRegistry = defaultRegistry;
        this.tokens = tokens;
    }

    /** The credentials in {@code configFolder}; empty when there is no file yet. */
    public static Credentials load(Path configFolder) throws IOException, InvalidInputException {
        Path file = configFolder.resolve(FILE_NAME);
        TreeMap<String, String> tokens = new TreeMap<>();
        if (!Files.exists(file)) {
            return new Credentials(file, null, tokens);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UsageException(file + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); fix it or delete it and run 'brick login' again");
        }
        tree.path("registries").fields().forEachRemaining(entry -> {
            JsonNode token = entry.getValue().path("token");
            if (token.isTextual()) {
                tokens.put(entry.getKey(), token.textValue());
            }
        });
        String defaultRegistry = tree.path("default").isTextual() ? tree.path("default").textValue() : null;
        return new Credentials(file, defaultRegistry, tokens);
    }

    /** Where the credentials live. */
    public Path file() {
        return file;
    }

    /** The registry last logged in to, if any. */
    public Optional<String> defaultRegistry() {
        return Optional.ofNullable(defaultRegistry);
    }

    /** The stored token for a registry. */
    public Optional<String> token(String registry) {
        return Optional.ofNullable(tokens.get(normalise(registry)));
    }

    /** These credentials with a token for {@code registry}, which becomes the default. */
    public Credentials withToken(String registry, String token) {
        TreeMap<String, String> changed = new TreeMap<>(tokens);
        changed.put(normalise(registry), token);
        return new Credentials(file, normalise(registry), changed);
    }

    /** These credentials without the token of {@code registry}; it stops being the default. */
    public Credentials withoutToken(String registry) {
        TreeMap<String, String> changed = new TreeMap<>(tokens);
        changed.remove(normalise(registry));
        String newDefault = normalise(registry).equals(defaultRegistry) ? null : defaultRegistry;
        return new Credentials(file, newDefault, changed);
    }

    /**
     * A warning when the file may be read by other users (it holds secrets), else empty. Only POSIX file systems
     * can tell.
     */
    public Optional<String> permissionWarning() throws IOException {
        if (!Files.exists(file) || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().noneMatch(OTHERS::contains)) {
            return Optional.empty();
        }
        return Optional.of(file + " holds tokens but is readable by others (" + PosixFilePermissions.toString(permissions)
                + "); run: chmod 600 " + file);
    }

    /** Writes the file with owner-only permissions, atomically. */
    public void save() throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            if (posix) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
            } else {
                Files.createDirectories(folder);
            }
        }
        ObjectNode tree = JSON.createObjectNode();
        if (defaultRegistry != null) {
            tree.put("default", defaultRegistry);
        }
        ObjectNode registries = tree.putObject("registries");
        tokens.forEach((registry, token) -> registries.putObject(registry).put("token", token));
        Path temporary = folder.resolve("." + FILE_NAME + ".tmp");
        Files.deleteIfExists(temporary);
        if (posix) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        }
        try {
            Files.write(temporary, JSON.writeValueAsBytes(tree));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Registry URLs are compared without a trailing slash: {@code http://x/} and {@code http://x} are one. */
    public static String normalise(String registry) {
        String trimmed = registry.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
