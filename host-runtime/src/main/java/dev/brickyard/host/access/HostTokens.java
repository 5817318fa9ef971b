package dev.brickyard.host.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host's bearer tokens. A token's secret is {@code bkh_<id>_<43 random base64url characters>}; only its SHA-256 is
 * kept, in a JSON file (mode 0600 where the file system has POSIX permissions):
 * <pre>
 * tokens.json   {"format": 1, "tokens": [{"id": "3f9a0c1b2d4e", "secretHash": "&lt;hex SHA-256&gt;",
 *                "scopes": ["admin"], "description": "ci", "createdAt": "...", "revokedAt": null}]}
 * </pre>
 * The command line ({@code brick host token create|list|revoke}) changes the file while the host serves: every
 * change is written to a new file that replaces the old one in one atomic rename, and the host rereads the file
 * when its size or modification time changed, so a new token works and a revoked one stops working at the next
 * request. A file that no longer parses is not taken: the host keeps the tokens it read last and logs why.
 */
public final class HostTokens {
    /** The name of the token file in a host's storage folder. */
    public static final String FILE_NAME = "tokens.json";
    static final int FORMAT = 1;
    private static final String PREFIX = "bkh_";
    private static final Pattern SECRET = Pattern.compile("bkh_([0-9a-f]{12})_[A-Za-z0-9_-]{43}");
    private static final Logger LOG = Logger.getLogger(HostTokens.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /**
     * One token as the file keeps it.
     *
     * @param revokedAt when it was revoked, or null while it is valid
     */
    public record Token(String id, String secretHash, Set<HostScope> scopes, String description, Instant createdAt,
                        Instant revokedAt) {
        public Token {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(secretHash, "secretHash");
            Objects.requireNonNull(createdAt, "createdAt");
            if (scopes == null || scopes.isEmpty()) {
                throw new IllegalArgumentException("token " + id + " has no scopes");
            }
            scopes = Set.copyOf(scopes);
            description = description == null ? "" : description;
        }

        public boolean revoked() {
            return revokedAt != null;
        }

        /** Whether this token may do what {@code needed} guards. */
        public boolean allows(HostScope needed) {
            return scopes.stream().anyMatch(scope -> scope.covers(needed));
        }
    }

    /** A new token and its secret, which is shown once and never again. */
    public record Created(Token token, String secret) {
    }

    /** The file's contents. */
    private record TokenList(int format, List<Token> tokens) {
    }

    /** The tokens as last read, and the file attributes they were read at. */
    private record Snapshot(Map<String, Token> byId, FileTime modified, long size) {
    }

    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private volatile Snapshot snapshot;

    private HostTokens(Path file, Snapshot snapshot) {
        this.file = file;
        this.snapshot = snapshot;
    }

    /**
     * The tokens in {@code file}; none when there is no such file yet (the first {@link #create} writes it).
     *
     * @throws TokenFileException when the file cannot be read or does not hold tokens in a format this host reads
     */
    public static HostTokens open(Path file) throws TokenFileException {
        Path absolute = file.toAbsolutePath();
        return new HostTokens(absolute, read(absolute));
    }

    /** The file the tokens are kept in. */
    public Path file() {
        return file;
    }

    /** Whether there is no token at all, revoked ones included. */
    public boolean isEmpty() {
        return current().byId().isEmpty();
    }

    /** Every token, revoked ones included, oldest first. */
    public List<Token> list() {
        return current().byId().values().stream().sorted(Comparator.comparing(Token::createdAt)).toList();
    }

    /**
     * Makes a token and saves it in the file before returning it.
     *
     * @throws IllegalArgumentException for no scopes or a description over 200 characters
     */
    public synchronized Created create(Set<HostScope> scopes, String description) throws TokenFileException {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one scope (infer, admin)");
        }
        if (description != null && description.length() > 200) {
            throw new IllegalArgumentException("a token description has at most 200 characters");
        }
        byte[] idBytes = new byte[6];
        byte[] secretBytes = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Token token = new Token(id, hash(secret), scopes, description, Instant.now(), null);
        Map<String, Token> tokens = new LinkedHashMap<>(read(file).byId());
        tokens.put(id, token);
        write(tokens);
        return new Created(token, secret);
    }

    /**
     * Revokes a token; it stops working at the host's next request. Revoking a revoked token changes nothing.
     *
     * @throws IllegalArgumentException when there is no token with this id
     */
    public synchronized Token revoke(String id) throws TokenFileException {
        Map<String, Token> tokens = new LinkedHashMap<>(read(file).byId());
        Token token = tokens.get(id);
        if (token == null) {
            throw new IllegalArgumentException("no token with id '" + id + "' in " + file
                    + " (brick host token list shows them)");
        }
        if (token.revoked()) {
            return token;
        }
        Token revoked = new Token(token.id(), token.secretHash(), token.scopes(), token.description(),
                token.createdAt(), Instant.now());
        tokens.put(id, revoked);
        write(tokens);
        return revoked;
    }

    /**
     * The valid token whose secret this is: empty for a malformed, unknown or revoked secret. Rereads the file first
     * when it changed.
     */
    public Optional<Token> authenticate(String secret) {
        Matcher matcher = SECRET.matcher(secret);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Token token = current().byId().get(matcher.group(1));
        if (token == null || token.revoked() || !MessageDigest.isEqual(
                token.secretHash().getBytes(StandardCharsets.US_ASCII),
                hash(secret).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /** The tokens, reread when the file's size or modification time changed since the last read. */
    private Snapshot current() {
        Snapshot last = snapshot;
        FileTime modified;
        long size;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            modified = attributes.lastModifiedTime();
            size = attributes.size();
        } catch (NoSuchFileException gone) {
            modified = null;
            size = -1;
        } catch (IOException e) {
            LOG.warning(() -> "cannot read the attributes of the token file " + file + ", keeping the tokens read "
                    + "last: " + e);
            return last;
        }
        if (Objects.equals(modified, last.modified()) && size == last.size()) {
            return last;
        }
        synchronized (this) {
            if (snapshot != last) {
                return snapshot;
            }
            try {
                snapshot = read(file);
                LOG.info(() -> "token file reread path=" + file + " tokens=" + snapshot.byId().size());
            } catch (TokenFileException e) {
                // Remember the attributes, so that the same broken file is reported once.
                snapshot = new Snapshot(last.byId(), modified, size);
                LOG.warning(() -> e.getMessage() + "; keeping the " + last.byId().size() + " tokens read last");
            }
            return snapshot;
        }
    }

    private static Snapshot read(Path file) throws TokenFileException {
        byte[] bytes;
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException none) {
            return new Snapshot(Map.of(), null, -1);
        } catch (IOException e) {
            throw new TokenFileException(file, "cannot read the host's token file " + file + ": " + e, e);
        }
        TokenList list;
        try {
            list = JSON.readValue(bytes, TokenList.class);
        } catch (JsonProcessingException e) {
            throw new TokenFileException(file, "the host's token file " + file + " is corrupt: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TokenFileException(file, "the host's token file " + file + " is corrupt: " + e.getMessage(), e);
        }
        if (list == null || list.tokens() == null) {
            throw new TokenFileException(file, "the host's token file " + file + " is corrupt: it has no \"tokens\"",
                    null);
        }
        if (list.format() != FORMAT) {
            throw new TokenFileException(file, "the host's token file " + file + " is in format " + list.format()
                    + "; this host reads format " + FORMAT, null);
        }
        Map<String, Token> byId = new LinkedHashMap<>();
        for (Token token : list.tokens()) {
            if (token == null || byId.put(token.id(), token) != null) {
                throw new TokenFileException(file, "the host's token file " + file + " is corrupt: a token is null "
                        + "or its id appears twice", null);
            }
        }
        return new Snapshot(byId, attributes.lastModifiedTime(), attributes.size());
    }

    /** Replaces the file with these tokens in one atomic rename, after forcing the new file to the device. */
    private void write(Map<String, Token> tokens) throws TokenFileException {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = JSON.writeValueAsBytes(new TokenList(FORMAT, new ArrayList<>(tokens.values())));
            Files.deleteIfExists(next);
            try {
                Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")));
            } catch (UnsupportedOperationException noPosix) {
                Files.createFile(next);
            }
            try (FileChannel channel = FileChannel.open(next, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(next);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw new TokenFileException(file, "cannot write the host's token file " + file + ": " + e, e);
        }
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
