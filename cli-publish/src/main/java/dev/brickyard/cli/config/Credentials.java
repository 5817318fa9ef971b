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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tokens {@code brick login} stored: per registry, one token per namespace and one admin token; and the registry
 * last logged in to (the default). Kept in the user's config folder, readable by the user alone:
 * <pre>
 * ~/.config/brickyard/            (0700)
 * └── credentials.json            (0600)  {"default": "https://registry.example",
 *                                          "registries": {"https://registry.example": {
 *                                              "namespaces": {"acme": "bky_...", "globex": "bky_..."},
 *                                              "admin": "bky_..."}}}
 * </pre>
 * A file of the earlier form, one {@code "token"} per registry whose namespace it does not say, is still read: that
 * token is used for any namespace without one of its own, and {@code brick login} files it under its namespace
 * (see {@link #withoutUnfiledToken}). The file is replaced atomically, so a crash mid-write leaves the old one.
 */
public final class Credentials {
    /** The file's name in the config folder. */
    public static final String FILE_NAME = "credentials.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /**
     * The tokens stored for one registry.
     *
     * @param namespaces each namespace's token
     * @param admin the admin token, or null
     * @param unfiled a token stored by an earlier {@code brick login}, of a namespace not recorded; or null
     */
    private record Stored(SortedMap<String, String> namespaces, String admin, String unfiled) {
        Stored {
            namespaces = Collections.unmodifiableSortedMap(new TreeMap<>(namespaces));
        }

        static final Stored NONE = new Stored(new TreeMap<>(), null, null);

        boolean empty() {
            return namespaces.isEmpty() && admin == null && unfiled == null;
        }

        Stored withNamespace(String namespace, String token) {
            TreeMap<String, String> changed = new TreeMap<>(namespaces);
            if (token == null) {
                changed.remove(namespace);
            } else {
                changed.put(namespace, token);
            }
            return new Stored(changed, admin, unfiled);
        }
    }

    private final Path file;
    private final String defaultRegistry;
    private final TreeMap<String, Stored> registries;

    private Credentials(Path file, String defaultRegistry, TreeMap<String, Stored> registries) {
        this.file = file;
        this.defaultRegistry = defaultRegistry;
        this.registries = registries;
    }

    /** The credentials in {@code configFolder}; empty when there is no file yet. */
    public static Credentials load(Path configFolder) throws IOException, InvalidInputException {
        Path file = configFolder.resolve(FILE_NAME);
        TreeMap<String, Stored> registries = new TreeMap<>();
        if (!Files.exists(file)) {
            return new Credentials(file, null, registries);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UsageException(file + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); fix it or delete it and run 'brick login' again");
        }
        tree.path("registries").fields().forEachRemaining(entry -> {
            JsonNode stored = entry.getValue();
            TreeMap<String, String> namespaces = new TreeMap<>();
            stored.path("namespaces").fields().forEachRemaining(namespace -> {
                if (namespace.getValue().isTextual()) {
                    namespaces.put(namespace.getKey(), namespace.getValue().textValue());
                }
            });
            Stored read = new Stored(namespaces, text(stored.path("admin")), text(stored.path("token")));
            if (!read.empty()) {
                registries.put(entry.getKey(), read);
            }
        });
        return new Credentials(file, text(tree.path("default")), registries);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }

    /** Where the credentials live. */
    public Path file() {
        return file;
    }

    /** The registry last logged in to, if any. */
    public Optional<String> defaultRegistry() {
        return Optional.ofNullable(defaultRegistry);
    }

    /**
     * The token for a namespace at a registry: its own, else a token stored by an earlier {@code brick login} that
     * did not record its namespace.
     */
    public Optional<String> token(String registry, String namespace) {
        Stored stored = stored(registry);
        return Optional.ofNullable(stored.namespaces().getOrDefault(namespace, stored.unfiled()));
    }

    /** The admin token stored for a registry. */
    public Optional<String> adminToken(String registry) {
        return Optional.ofNullable(stored(registry).admin());
    }

    /** A token of an earlier {@code brick login} whose namespace was not recorded, to be filed. */
    public Optional<String> unfiledToken(String registry) {
        return Optional.ofNullable(stored(registry).unfiled());
    }

    /** The namespaces with a token at a registry, sorted. */
    public List<String> namespaces(String registry) {
        return List.copyOf(stored(registry).namespaces().keySet());
    }

    /** Whether anything is stored for a registry. */
    public boolean loggedIn(String registry) {
        return !stored(registry).empty();
    }

    /**
     * These credentials with a token for a namespace at {@code registry}, replacing only that namespace's; the
     * registry becomes the default.
     */
    public Credentials withToken(String registry, String namespace, String token) {
        return with(registry, stored(registry).withNamespace(namespace, token), normalise(registry));
    }

    /** These credentials with the admin token of {@code registry}, which becomes the default. */
    public Credentials withAdminToken(String registry, String token) {
        Stored stored = stored(registry);
        return with(registry, new Stored(stored.namespaces(), token, stored.unfiled()), normalise(registry));
    }

    /** These credentials without the unfiled token of {@code registry} (filed under its namespace, or refused). */
    public Credentials withoutUnfiledToken(String registry) {
        Stored stored = stored(registry);
        return with(registry, new Stored(stored.namespaces(), stored.admin(), null), defaultRegistry);
    }

    /** These credentials without the token of one namespace at {@code registry}. */
    public Credentials withoutToken(String registry, String namespace) {
        return with(registry, stored(registry).withNamespace(namespace, null), defaultRegistry);
    }

    /** These credentials without any token of {@code registry}; it stops being the default. */
    public Credentials withoutRegistry(String registry) {
        String newDefault = normalise(registry).equals(defaultRegistry) ? null : defaultRegistry;
        return with(registry, Stored.NONE, newDefault);
    }

    private Stored stored(String registry) {
        return registries.getOrDefault(normalise(registry), Stored.NONE);
    }

    private Credentials with(String registry, Stored stored, String newDefault) {
        TreeMap<String, Stored> changed = new TreeMap<>(registries);
        if (stored.empty()) {
            changed.remove(normalise(registry));
        } else {
            changed.put(normalise(registry), stored);
        }
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
        ObjectNode tree = JSON.createObjectNode();
        if (defaultRegistry != null) {
            tree.put("default", defaultRegistry);
        }
        ObjectNode registries = tree.putObject("registries");
        this.registries.forEach((registry, stored) -> {
            ObjectNode entry = registries.putObject(registry);
            ObjectNode namespaces = entry.putObject("namespaces");
            stored.namespaces().forEach(namespaces::put);
            if (stored.admin() != null) {
                entry.put("admin", stored.admin());
            }
            if (stored.unfiled() != null) {
                entry.put("token", stored.unfiled());
            }
        });
        OwnerOnlyFiles.write(file, JSON.writeValueAsBytes(tree));
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
