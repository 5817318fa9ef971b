package dev.brickyard.cli.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.api.version.DistTag;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.http.client.DigestMismatchException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.http.registry.ResolvedVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The user's cache of brick bundles, shared by every {@code brick} command and every registry: bundles are stored
 * once by content, and an index per registry remembers what that registry answered (versions with their digests,
 * dist-tags), so a pull that finds the digest here downloads nothing and {@code --offline} resolves without a
 * network.
 * <pre>
 * $XDG_CACHE_HOME/brickyard/                 (default ~/.cache/brickyard)
 * ├── blobs/sha256/ab/ab12…ef                a bundle, named by the hex SHA-256 of its bytes, under its first two
 * │                                          hex digits; written only by {@link #store}: re-hashed, fsynced, moved
 * ├── staging/                               files being written (random names); moved into blobs/ or deleted
 * └── index/&lt;registry&gt;/&lt;ns&gt;/&lt;name&gt;.json    what a registry said about a brick:
 *                                            {"versions": {"1.2.0": {"digest": "sha256:…", "size": 4309,
 *                                            "yanked": false}}, "tags": {"stable": "1.2.0"}}
 * </pre>
 * {@code <registry>} is the registry's host and port ({@code registry.example.com_443}), since two registries may
 * publish different bundles under one id. An index file is replaced in one rename under a lock on
 * {@code <name>.json.lock}, so concurrent pulls of one brick lose no entry. A blob is trusted only by its name: it
 * is re-hashed when it is written, never by a reader.
 */
public final class BrickCache {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern DIGEST = Pattern.compile("sha256:([0-9a-f]{64})");

    private final Path root;

    /** What one registry said about one brick: its versions seen, and its tags when last seen. */
    public record IndexEntry(Map<String, CachedVersion> versions, Map<String, String> tags) {
        public IndexEntry {
            versions = versions == null ? new TreeMap<>() : new TreeMap<>(versions);
            tags = tags == null ? new TreeMap<>() : new TreeMap<>(tags);
        }
    }

    /** One version as the registry described it. */
    public record CachedVersion(String digest, long size, boolean yanked) {
    }

    public BrickCache(Path root) {
        this.root = root;
    }

    /** The cache's folder. */
    public Path root() {
        return root;
    }

    /** Where the bundle with this digest is (or would be) stored. */
    public Path blobPath(String digest) {
        String hex = hex(digest);
        return root.resolve("blobs").resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** The bundle with this digest, if the cache has it. */
    public Optional<Path> blob(String digest) {
        Path blob = blobPath(digest);
        return Files.isRegularFile(blob) ? Optional.of(blob) : Optional.empty();
    }

    /** A new empty file in the staging folder, for a download that {@link #store} then takes in. */
    public Path stagingFile() throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging"));
        return Files.createTempFile(staging, "bundle-", ".part");
    }

    /**
     * Takes a staged file into the cache as the bundle with {@code digest}: it is hashed again (whoever wrote it), its
     * bytes forced to disk, and moved into {@code blobs/} in one rename. The staged file is gone afterwards.
     *
     * @throws DigestMismatchException when the bytes do not have the digest (the file is deleted)
     */
    public Path store(Path staged, String digest) throws IOException, DigestMismatchException {
        try {
            String actual = sha256(staged);
            if (!actual.equals(digest)) {
                throw new DigestMismatchException("the bytes for " + digest + " have digest " + actual
                        + "; they were not cached");
            }
            try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Path blob = blobPath(digest);
            Files.createDirectories(blob.getParent());
            try {
                Files.move(staged, blob, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException alreadyThere) {
                if (!Files.isRegularFile(blob)) {
                    throw alreadyThere;
                }
                // Another process stored the same bytes first: same name, same content.
            }
            return blob;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /** A bundle in the cache, and whether it had to be downloaded for it. */
    public record Fetched(Path blob, boolean downloaded) {
    }

    /**
     * Resolves a reference at the registry and remembers the answer, or, {@code offline}, from the cache alone
     * ({@link #resolveOffline}; {@code baseModel} is then not checked: the cache keeps what was pulled).
     */
    public ResolvedVersion resolve(RegistryClient client, BrickRef ref, String baseModel, boolean offline)
            throws IOException, BrickException {
        if (offline) {
            return resolveOffline(client.base(), ref);
        }
        ResolvedVersion resolved = client.resolve(ref.toString(), baseModel);
        remember(client.base(), ref, resolved);
        return resolved;
    }

    /**
     * The bundle of a resolved version, downloaded into the cache first when the cache does not have its digest
     * (hashed as it arrives by the client, then again by {@link #store}).
     */
    public Fetched fetch(RegistryClient client, ResolvedVersion resolved, TransferProgress progress)
            throws IOException, BrickException {
        Optional<Path> cached = blob(resolved.digest());
        if (cached.isPresent()) {
            return new Fetched(cached.get(), false);
        }
        Path staged = stagingFile();
        try {
            client.download(URI.create(resolved.downloadUrl()), resolved.digest(), resolved.size(), staged, progress);
            return new Fetched(store(staged, resolved.digest()), true);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Copies a cached bundle to {@code target} through a hidden file beside it, replaced in one rename.
     *
     * @throws BrickNotFoundException when the cache does not have it
     */
    public void copy(String digest, Path target) throws IOException, BrickNotFoundException {
        Path blob = blob(digest).orElseThrow(() -> new BrickNotFoundException("the cache has no bundle " + digest));
        Path folder = Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = folder.resolve("." + target.getFileName() + ".part");
        try {
            Files.copy(blob, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Remembers what a registry answered for a reference: the version with its digest and, for a dist-tag, that the
     * tag pointed at it.
     */
    public void remember(URI registry, BrickRef ref, ResolvedVersion resolved) throws IOException {
        BrickId id = BrickId.parse(resolved.id());
        Path file = indexPath(registry, id);
        Files.createDirectories(file.getParent());
        try (FileChannel lockFile = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            IndexEntry entry = read(file).orElseGet(() -> new IndexEntry(null, null));
            entry.versions().put(resolved.version(), new CachedVersion(resolved.digest(), resolved.size(),
                    resolved.yanked()));
            if (ref.isTag()) {
                entry.tags().put(ref.tag(), resolved.version());
            }
            Path next = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
            try {
                Files.write(next, JSON.writeValueAsBytes(entry));
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(next);
            }
        }
    }

    /** What the cache knows of a brick at a registry; empty when nothing of it was pulled from there. */
    public Optional<IndexEntry> index(URI registry, BrickId id) throws IOException {
        return read(indexPath(registry, id));
    }

    /**
     * Resolves a reference from the cache alone, as the registry did when the bundles were pulled: a dist-tag to the
     * version it pointed at then ({@code latest} to the newest non-yanked release in the cache), a range to the
     * highest non-yanked version in it (an exact version even when yanked). Only versions whose bundle is in the
     * cache count.
     *
     * @param downloadUrl set to the cached file's URI
     * @throws BrickNotFoundException saying what the cache has instead
     */
    public ResolvedVersion resolveOffline(URI registry, BrickRef ref) throws IOException, BrickNotFoundException {
        IndexEntry entry = index(registry, ref.id()).orElseThrow(() -> new BrickNotFoundException("the cache has "
                + "nothing of " + ref.id() + " from " + registry + "; pull it once without --offline"));
        Map<String, CachedVersion> present = new TreeMap<>();
        entry.versions().forEach((version, cached) -> {
            if (blob(cached.digest()).isPresent()) {
                present.put(version, cached);
            }
        });
        Optional<String> chosen;
        if (ref.isTag() && !ref.tag().equals(DistTag.LATEST)) {
            chosen = Optional.ofNullable(entry.tags().get(ref.tag())).filter(present::containsKey);
        } else if (ref.isTag()) {
            Comparator<String> byVersion = Comparator.comparing(SemVer::parse);
            chosen = present.keySet().stream()
                    .filter(v -> !present.get(v).yanked() && !SemVer.parse(v).isPreRelease()).max(byVersion)
                    .or(() -> present.keySet().stream().filter(v -> !present.get(v).yanked()).max(byVersion));
        } else {
            String range = ref.range().toString();
            boolean exact = range.startsWith("=") || SemVer.isValid(range);
            chosen = present.entrySet().stream().filter(v -> exact || !v.getValue().yanked())
                    .map(Map.Entry::getKey).filter(v -> ref.range().contains(SemVer.parse(v)))
                    .max(Comparator.comparing(SemVer::parse));
        }
        String version = chosen.orElseThrow(() -> new BrickNotFoundException("the cache has no bundle of " + ref
                + " from " + registry + "; cached: " + present.keySet()
                + (entry.tags().isEmpty() ? "" : ", tags when last pulled: " + entry.tags())));
        CachedVersion cached = present.get(version);
        return new ResolvedVersion(ref.id().toString(), version, cached.digest(), cached.size(), cached.yanked(),
                blobPath(cached.digest()).toUri().toString());
    }

    private Path indexPath(URI registry, BrickId id) {
        String port = registry.getPort() >= 0 ? String.valueOf(registry.getPort())
                : "https".equalsIgnoreCase(registry.getScheme()) ? "443" : "80";
        String key = (registry.getHost() == null ? "local" : registry.getHost().toLowerCase(Locale.ROOT))
                .replaceAll("[^a-z0-9.-]", "_") + "_" + port;
        return root.resolve("index").resolve(key).resolve(id.namespace()).resolve(id.name() + ".json");
    }

    private static Optional<IndexEntry> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(Files.readAllBytes(file), IndexEntry.class));
    }

    private static String hex(String digest) {
        var matcher = DIGEST.matcher(digest == null ? "" : digest);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a digest sha256:<64 hex digits>: '" + digest + "'");
        }
        return matcher.group(1);
    }

    /** {@code sha256:<hex>} of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
