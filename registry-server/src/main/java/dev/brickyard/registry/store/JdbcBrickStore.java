package dev.brickyard.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.manifest.BrickProvenance;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@link BrickStore} in portable SQL over JDBC, the same code for H2 and PostgreSQL (schema in
 * {@code db/migration}). Uniqueness races (two publishes of one version) are settled by the primary key: the
 * loser's transaction rolls back and it reads what the winner stored.
 */
public final class JdbcBrickStore implements BrickStore {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION_COLUMNS = "brick_id, version, kind, origin, base_model, description, tags, "
            + "labels, headers, embedding, digest, size_bytes, yanked, yank_reason, downloads, published_at, "
            + "published_by";
    private static final String BRICK_COLUMNS = "id, created_at, updated_at, downloads, copy_of";

    private final Database database;
    private final DataSource dataSource;

    public JdbcBrickStore(Database database) {
        this.database = database;
        this.dataSource = database.dataSource();
    }

    @Override
    public PublishOutcome publish(VersionRecord v, Provenance provenance, BeforeCommit beforeCommit) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insertBrickIfAbsent(connection, v.brick(), v.publishedAt(), provenance.copyOf());
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO versions (" + VERSION_COLUMNS
                        + ", major, minor, patch, pre_release, manifest, card, weights_digest, signer, provenance) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int i = bindVersion(insert, v);
                    insert.setInt(i++, v.version().major());
                    insert.setInt(i++, v.version().minor());
                    insert.setInt(i++, v.version().patch());
                    insert.setString(i++, String.join(".", v.version().preRelease()));
                    insert.setString(i++, v.manifest());
                    insert.setString(i++, v.card());
                    insert.setString(i++, provenance.weightsDigest());
                    insert.setString(i++, provenance.signer());
                    insert.setString(i, provenance.statement() == null ? null : json(provenance.statement()));
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    connection.rollback();
                    return existingOutcome(connection, v);
                }
                try (PreparedStatement touch = connection.prepareStatement(
                        "UPDATE bricks SET updated_at = ? WHERE id = ?")) {
                    touch.setObject(1, timestamp(v.publishedAt()));
                    touch.setString(2, v.brick().toString());
                    touch.executeUpdate();
                }
                recordEvent(connection, RegistryEvent.Type.PUBLISHED, v.brick(), v.version(), v.digest(), null);
                beforeCommit.run();
                connection.commit();
                return PublishOutcome.CREATED;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (StoreException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException("cannot publish " + v.ref() + ": " + e.getMessage(), e);
        }
    }

    private static void insertBrickIfAbsent(Connection connection, BrickId id, Instant now, BrickId copyOf)
            throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bricks "
                + "(id, namespace, name, created_at, updated_at, downloads, copy_of) VALUES (?, ?, ?, ?, ?, 0, ?)")) {
            insert.setString(1, id.toString());
            insert.setString(2, id.namespace());
            insert.setString(3, id.name());
            insert.setObject(4, timestamp(now));
            insert.setObject(5, timestamp(now));
            insert.setString(6, copyOf == null ? null : copyOf.toString());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
        }
    }

    private PublishOutcome existingOutcome(Connection connection, VersionRecord v) throws SQLException {
        connection.setAutoCommit(true);
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT digest FROM versions WHERE brick_id = ? AND version = ?")) {
            query.setString(1, v.brick().toString());
            query.setString(2, v.version().toString());
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("a unique violation on " + v.ref() + " but no row");
                }
                return rows.getString(1).equals(v.digest()) ? PublishOutcome.ALREADY_PUBLISHED : PublishOutcome.CONFLICT;
            }
        }
    }

    private static int bindVersion(PreparedStatement statement, VersionRecord v) throws SQLException {
        int i = 1;
        statement.setString(i++, v.brick().toString());
        statement.setString(i++, v.version().toString());
        statement.setString(i++, v.kind().jsonName());
        statement.setString(i++, v.origin().jsonName());
        statement.setString(i++, v.baseModel());
        statement.setString(i++, v.description());
        statement.setString(i++, v.tags().isEmpty() ? "," : "," + String.join(",", v.tags()) + ",");
        statement.setString(i++, json(v.labels()));
        statement.setString(i++, json(new java.util.TreeMap<>(v.headers())));
        statement.setString(i++, encode(v.embedding()));
        statement.setString(i++, v.digest());
        statement.setLong(i++, v.size());
        statement.setBoolean(i++, v.yanked());
        statement.setString(i++, v.yankReason());
        statement.setLong(i++, v.downloads());
        statement.setObject(i++, timestamp(v.publishedAt()));
        statement.setString(i++, v.publishedBy());
        return i;
    }

    private static void recordEvent(Connection connection, RegistryEvent.Type type, BrickId brick, SemVer version,
                                    String digest, String tag) throws SQLException {
        try (PreparedStatement tick = connection.prepareStatement(
                "UPDATE event_clock SET last_id = last_id + 1 WHERE id = 1")) {
            tick.executeUpdate();
        }
        long id;
        try (PreparedStatement read = connection.prepareStatement("SELECT last_id FROM event_clock WHERE id = 1");
             ResultSet rows = read.executeQuery()) {
            rows.next();
            id = rows.getLong(1);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO events (id, type, brick_id, version, digest, at, tag) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, type.jsonName());
            insert.setString(3, brick.toString());
            insert.setString(4, version.toString());
            insert.setString(5, digest);
            insert.setObject(6, timestamp(Instant.now()));
            insert.setString(7, tag);
            insert.executeUpdate();
        }
    }

    @Override
    public Optional<BrickRecord> brick(BrickId id) {
        return queryOne("SELECT " + BRICK_COLUMNS + " FROM bricks WHERE id = ?",
                statement -> statement.setString(1, id.toString()), JdbcBrickStore::readBrick);
    }

    @Override
    public Optional<VersionRecord> version(BrickId id, SemVer version) {
        return queryOne("SELECT " + VERSION_COLUMNS + ", manifest, card FROM versions WHERE brick_id = ? AND version = ?",
                statement -> {
                    statement.setString(1, id.toString());
                    statement.setString(2, version.toString());
                }, rows -> readVersion(rows, true));
    }

    @Override
    public List<VersionRecord> versions(BrickId id) {
        List<VersionRecord> versions = query("SELECT " + VERSION_COLUMNS + ", manifest, card FROM versions "
                        + "WHERE brick_id = ?", statement -> statement.setString(1, id.toString()),
                rows -> readVersion(rows, true));
        versions.sort(Comparator.comparing(VersionRecord::version).reversed());
        return versions;
    }

    @Override
    public List<VersionRecord> searchable() {
        List<VersionRecord> all = query("SELECT " + VERSION_COLUMNS + " FROM versions ORDER BY brick_id",
                statement -> { }, rows -> readVersion(rows, false));
        Map<BrickId, List<VersionRecord>> byBrick = all.stream().collect(Collectors.groupingBy(VersionRecord::brick,
                java.util.TreeMap::new, Collectors.toList()));
        List<VersionRecord> newest = new ArrayList<>();
        byBrick.values().forEach(versions -> newest.add(representative(versions)));
        return newest;
    }

    /**
     * The version that speaks for a brick in listings: the highest non-yanked release, else the highest non-yanked
     * pre-release, else (every version yanked) the highest version.
     */
    public static VersionRecord representative(List<VersionRecord> versions) {
        return latest(versions).orElseGet(() -> versions.stream().max(Comparator.comparing(VersionRecord::version))
                .orElseThrow());
    }

    /**
     * The version the implicit dist-tag {@code latest} names: the highest non-yanked release, else the highest
     * non-yanked pre-release; empty when every version is yanked.
     */
    public static Optional<VersionRecord> latest(List<VersionRecord> versions) {
        Comparator<VersionRecord> byVersion = Comparator.comparing(VersionRecord::version);
        return versions.stream().filter(v -> !v.yanked() && !v.version().isPreRelease()).max(byVersion)
                .or(() -> versions.stream().filter(v -> !v.yanked()).max(byVersion));
    }

    @Override
    public List<BrickRecord> bricks() {
        return query("SELECT " + BRICK_COLUMNS + " FROM bricks ORDER BY id", statement -> { },
                JdbcBrickStore::readBrick);
    }

    @Override
    public List<BrickRecord> bricksWithWeights(String weightsDigest) {
        return query("SELECT " + BRICK_COLUMNS + " FROM bricks WHERE id IN "
                        + "(SELECT brick_id FROM versions WHERE weights_digest = ?) ORDER BY created_at, id",
                statement -> statement.setString(1, weightsDigest), JdbcBrickStore::readBrick);
    }

    @Override
    public boolean setYanked(BrickId id, SemVer version, boolean yanked, String reason) {
        return inTransaction("cannot change the yank mark of " + id + "@" + version, connection -> {
            Optional<VersionMark> mark = lockVersion(connection, id, version);
            if (mark.isEmpty()) {
                return false;
            }
            String digest = mark.get().digest();
            if (mark.get().yanked() != yanked) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE versions SET yanked = ?, yank_reason = ? WHERE brick_id = ? AND version = ?")) {
                    update.setBoolean(1, yanked);
                    update.setString(2, yanked ? reason : null);
                    update.setString(3, id.toString());
                    update.setString(4, version.toString());
                    update.executeUpdate();
                }
                recordEvent(connection, yanked ? RegistryEvent.Type.YANKED : RegistryEvent.Type.UNYANKED, id,
                        version, digest, null);
            }
            return true;
        });
    }

    /**
     * The brick's row is locked first, so changes to one brick's tags happen one after the other (in every registry
     * process on the database); the version's row is locked too, so a concurrent yank waits for the tag to be set.
     */
    @Override
    public TagOutcome setDistTag(BrickId id, String tag, SemVer version, String tokenId) {
        return inTransaction("cannot set tag " + tag + " of " + id, connection -> {
            lockBrick(connection, id);
            Optional<VersionMark> mark = lockVersion(connection, id, version);
            if (mark.isEmpty()) {
                return TagOutcome.VERSION_NOT_FOUND;
            }
            if (mark.get().yanked()) {
                return TagOutcome.VERSION_YANKED;
            }
            String digest = mark.get().digest();
            Optional<String> current = taggedVersion(connection, id, tag);
            if (current.isPresent() && current.get().equals(version.toString())) {
                return TagOutcome.UNCHANGED;
            }
            String sql = current.isPresent()
                    ? "UPDATE dist_tags SET version = ?, updated_at = ?, updated_by = ? WHERE brick_id = ? AND tag = ?"
                    : "INSERT INTO dist_tags (version, updated_at, updated_by, brick_id, tag) VALUES (?, ?, ?, ?, ?)";
            try (PreparedStatement write = connection.prepareStatement(sql)) {
                write.setString(1, version.toString());
                write.setObject(2, timestamp(Instant.now()));
                write.setString(3, tokenId);
                write.setString(4, id.toString());
                write.setString(5, tag);
                write.executeUpdate();
            }
            recordEvent(connection, RegistryEvent.Type.TAGGED, id, version, digest, tag);
            return TagOutcome.SET;
        });
    }

    @Override
    public Optional<SemVer> removeDistTag(BrickId id, String tag) {
        return inTransaction("cannot remove tag " + tag + " of " + id, connection -> {
            lockBrick(connection, id);
            Optional<String> current = taggedVersion(connection, id, tag);
            if (current.isEmpty()) {
                return Optional.<SemVer>empty();
            }
            SemVer version = SemVer.parse(current.get());
            String digest = lockVersion(connection, id, version).orElseThrow().digest();
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM dist_tags WHERE brick_id = ? AND tag = ?")) {
                delete.setString(1, id.toString());
                delete.setString(2, tag);
                delete.executeUpdate();
            }
            recordEvent(connection, RegistryEvent.Type.UNTAGGED, id, version, digest, tag);
            return Optional.of(version);
        });
    }

    @Override
    public Map<String, SemVer> distTags(BrickId id) {
        return query("SELECT tag, version FROM dist_tags WHERE brick_id = ?", statement -> statement.setString(1,
                id.toString()), rows -> Map.entry(rows.getString(1), SemVer.parse(rows.getString(2)))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
    }

    /** A version's digest and yank mark, read with its row locked until the transaction ends. */
    private record VersionMark(String digest, boolean yanked) {
    }

    private static Optional<VersionMark> lockVersion(Connection connection, BrickId id, SemVer version)
            throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT digest, yanked FROM versions WHERE brick_id = ? AND version = ? FOR UPDATE")) {
            read.setString(1, id.toString());
            read.setString(2, version.toString());
            try (ResultSet rows = read.executeQuery()) {
                return rows.next() ? Optional.of(new VersionMark(rows.getString(1), rows.getBoolean(2)))
                        : Optional.empty();
            }
        }
    }

    private static void lockBrick(Connection connection, BrickId id) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM bricks WHERE id = ? FOR UPDATE")) {
            lock.setString(1, id.toString());
            lock.executeQuery().close();
        }
    }

    private static Optional<String> taggedVersion(Connection connection, BrickId id, String tag) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT version FROM dist_tags WHERE brick_id = ? AND tag = ?")) {
            read.setString(1, id.toString());
            read.setString(2, tag);
            try (ResultSet rows = read.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The client's row and both totals are written in one transaction, and only when the version exists, so a
     * brick's downloads stay the sum of its versions' (a download of an unknown version counts nowhere). A repeat
     * fails on the primary key of {@code download_clients} before it touches a total; a concurrent first download
     * of the same client waits for the other's transaction, then fails on the key too.
     */
    @Override
    public boolean countDownload(BrickId id, SemVer version, String client, LocalDate day) {
        return inTransaction("cannot count a download of " + id + "@" + version, connection -> {
            Savepoint beforeRow = connection.setSavepoint();
            try (PreparedStatement seen = connection.prepareStatement(
                    "INSERT INTO download_clients (utc_day, client, brick_id, version) VALUES (?, ?, ?, ?)")) {
                seen.setObject(1, day);
                seen.setString(2, client);
                seen.setString(3, id.toString());
                seen.setString(4, version.toString());
                seen.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(beforeRow);
                return false;
            }
            int counted;
            try (PreparedStatement versionTotal = connection.prepareStatement(
                    "UPDATE versions SET downloads = downloads + 1 WHERE brick_id = ? AND version = ?")) {
                versionTotal.setString(1, id.toString());
                versionTotal.setString(2, version.toString());
                counted = versionTotal.executeUpdate();
            }
            if (counted == 0) {
                connection.rollback(beforeRow);
                return false;
            }
            try (PreparedStatement brickTotal = connection.prepareStatement(
                    "UPDATE bricks SET downloads = downloads + 1 WHERE id = ?")) {
                brickTotal.setString(1, id.toString());
                brickTotal.executeUpdate();
            }
            return true;
        });
    }

    /** Insert if absent, then read: whichever process inserts first sets the salt for all. */
    @Override
    public String downloadSalt(LocalDate day, String fresh) {
        return inTransaction("cannot read the download salt of " + day, connection -> {
            Savepoint beforeInsert = connection.setSavepoint();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO download_salts (utc_day, salt) VALUES (?, ?)")) {
                insert.setObject(1, day);
                insert.setString(2, fresh);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(beforeInsert);
            }
            try (PreparedStatement read = connection.prepareStatement(
                    "SELECT salt FROM download_salts WHERE utc_day = ?")) {
                read.setObject(1, day);
                try (ResultSet rows = read.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

    @Override
    public void forgetDownloadsBefore(LocalDate day) {
        inTransaction("cannot forget the downloads before " + day, connection -> {
            for (String table : List.of("download_clients", "download_salts")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                        + " WHERE utc_day < ?")) {
                    delete.setObject(1, day);
                    delete.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public long lastEventId() {
        return queryOne("SELECT last_id FROM event_clock WHERE id = 1", statement -> { }, rows -> rows.getLong(1))
                .orElse(0L);
    }

    @Override
    public List<RegistryEvent> eventsAfter(long id, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return query("SELECT id, type, brick_id, version, digest, at, tag FROM events WHERE id > ? ORDER BY id "
                        + "FETCH FIRST " + limit + " ROWS ONLY", statement -> statement.setLong(1, id),
                rows -> new RegistryEvent(rows.getLong(1),
                        RegistryEvent.Type.valueOf(rows.getString(2).toUpperCase(java.util.Locale.ROOT)),
                        BrickId.parse(rows.getString(3)), SemVer.parse(rows.getString(4)), rows.getString(5),
                        instant(rows, 6), rows.getString(7)));
    }

    @Override
    public Optional<String> signer(BrickId id, SemVer version) {
        return queryOne("SELECT signer FROM versions WHERE brick_id = ? AND version = ?", statement -> {
            statement.setString(1, id.toString());
            statement.setString(2, version.toString());
        }, rows -> Optional.ofNullable(rows.getString(1))).flatMap(signer -> signer);
    }

    @Override
    public Optional<BrickProvenance> provenanceStatement(BrickId id, SemVer version) {
        return queryOne("SELECT provenance FROM versions WHERE brick_id = ? AND version = ?", statement -> {
            statement.setString(1, id.toString());
            statement.setString(2, version.toString());
        }, rows -> Optional.ofNullable(rows.getString(1))).flatMap(json -> json).map(JdbcBrickStore::statement);
    }

    private static BrickProvenance statement(String json) {
        try {
            return JSON.readValue(json, BrickProvenance.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored provenance statement does not parse: " + e.getOriginalMessage(), e);
        }
    }

    private static final String KEY_COLUMNS = "namespace, fingerprint, name, public_key, added_at, added_by, "
            + "revoked_at";

    @Override
    public KeyOutcome addKey(NamespaceKey key) {
        return inTransaction("cannot register key " + key.fingerprint() + " for " + key.namespace(), connection -> {
            Savepoint savepoint = connection.setSavepoint();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO namespace_keys (" + KEY_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
                insert.setString(1, key.namespace());
                insert.setString(2, key.fingerprint());
                insert.setString(3, key.name());
                insert.setString(4, key.publicKeyPem());
                insert.setObject(5, timestamp(key.addedAt()));
                insert.setString(6, key.addedBy());
                insert.executeUpdate();
                return KeyOutcome.ADDED;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(savepoint);
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT revoked_at FROM namespace_keys WHERE namespace = ? AND fingerprint = ?")) {
                query.setString(1, key.namespace());
                query.setString(2, key.fingerprint());
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getObject(1) == null ? KeyOutcome.ALREADY_REGISTERED : KeyOutcome.REVOKED;
                }
            }
        });
    }

    @Override
    public boolean revokeKey(String namespace, String fingerprint, Instant at) {
        return update("UPDATE namespace_keys SET revoked_at = ? WHERE namespace = ? AND fingerprint = ? "
                + "AND revoked_at IS NULL", statement -> {
                    statement.setObject(1, timestamp(at));
                    statement.setString(2, namespace);
                    statement.setString(3, fingerprint);
                }) == 1;
    }

    @Override
    public List<NamespaceKey> keys(String namespace) {
        return query("SELECT " + KEY_COLUMNS + " FROM namespace_keys WHERE namespace = ? ORDER BY added_at, "
                + "fingerprint", statement -> statement.setString(1, namespace), JdbcBrickStore::readKey);
    }

    @Override
    public List<NamespaceKey> keysWithFingerprint(String fingerprint) {
        return query("SELECT " + KEY_COLUMNS + " FROM namespace_keys WHERE fingerprint = ? ORDER BY namespace",
                statement -> statement.setString(1, fingerprint), JdbcBrickStore::readKey);
    }

    @Override
    public boolean requiresSigned(String namespace) {
        return queryOne("SELECT require_signed FROM namespace_policies WHERE namespace = ?",
                statement -> statement.setString(1, namespace), rows -> rows.getBoolean(1)).orElse(false);
    }

    @Override
    public void setRequiresSigned(String namespace, boolean required) {
        inTransaction("cannot set the signing policy of " + namespace, connection -> {
            try (PreparedStatement change = connection.prepareStatement(
                    "UPDATE namespace_policies SET require_signed = ? WHERE namespace = ?")) {
                change.setBoolean(1, required);
                change.setString(2, namespace);
                if (change.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO namespace_policies (namespace, require_signed) VALUES (?, ?)")) {
                insert.setString(1, namespace);
                insert.setBoolean(2, required);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private static NamespaceKey readKey(ResultSet rows) throws SQLException {
        return new NamespaceKey(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                instant(rows, 5), rows.getString(6), rows.getObject(7) == null ? null : instant(rows, 7));
    }

    @Override
    public long brickCount() {
        return queryOne("SELECT COUNT(*) FROM bricks", statement -> { }, rows -> rows.getLong(1)).orElse(0L);
    }

    @Override
    public long versionCount() {
        return queryOne("SELECT COUNT(*) FROM versions", statement -> { }, rows -> rows.getLong(1)).orElse(0L);
    }

    @Override
    public void insertToken(TokenRecord token) {
        update("INSERT INTO tokens (id, namespace, secret_hash, scopes, description, created_at, revoked_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", statement -> {
                    statement.setString(1, token.id());
                    statement.setString(2, token.namespace());
                    statement.setString(3, token.secretHash());
                    statement.setString(4, token.scopes().stream().map(TokenRecord.Scope::jsonName).sorted()
                            .collect(Collectors.joining(",")));
                    statement.setString(5, token.description());
                    statement.setObject(6, timestamp(token.createdAt()));
                    statement.setObject(7, token.revokedAt() == null ? null : timestamp(token.revokedAt()));
                });
    }

    @Override
    public Optional<TokenRecord> tokenBySecretHash(String secretHash) {
        return queryOne("SELECT id, namespace, secret_hash, scopes, description, created_at, revoked_at FROM tokens "
                + "WHERE secret_hash = ?", statement -> statement.setString(1, secretHash), JdbcBrickStore::readToken);
    }

    @Override
    public Optional<TokenRecord> token(String id) {
        return queryOne("SELECT id, namespace, secret_hash, scopes, description, created_at, revoked_at FROM tokens "
                + "WHERE id = ?", statement -> statement.setString(1, id), JdbcBrickStore::readToken);
    }

    @Override
    public List<TokenRecord> tokens(String namespace) {
        List<TokenRecord> tokens = query("SELECT id, namespace, secret_hash, scopes, description, created_at, "
                        + "revoked_at FROM tokens" + (namespace == null ? "" : " WHERE namespace = ?"),
                statement -> {
                    if (namespace != null) {
                        statement.setString(1, namespace);
                    }
                }, JdbcBrickStore::readToken);
        tokens.sort(Comparator.comparing(TokenRecord::createdAt).reversed());
        return tokens;
    }

    @Override
    public boolean revokeToken(String id) {
        return update("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", statement -> {
            statement.setObject(1, timestamp(Instant.now()));
            statement.setString(2, id);
        }) == 1;
    }

    private static BrickRecord readBrick(ResultSet rows) throws SQLException {
        String copyOf = rows.getString(5);
        return new BrickRecord(BrickId.parse(rows.getString(1)), instant(rows, 2), instant(rows, 3), rows.getLong(4),
                copyOf == null ? null : BrickId.parse(copyOf));
    }

    private static TokenRecord readToken(ResultSet rows) throws SQLException {
        Set<TokenRecord.Scope> scopes = EnumSet.noneOf(TokenRecord.Scope.class);
        for (String scope : rows.getString(4).split(",")) {
            if (!scope.isBlank()) {
                scopes.add(TokenRecord.Scope.parse(scope));
            }
        }
        return new TokenRecord(rows.getString(1), rows.getString(2), rows.getString(3), scopes, rows.getString(5),
                instant(rows, 6), rows.getObject(7) == null ? null : instant(rows, 7));
    }

    private static VersionRecord readVersion(ResultSet rows, boolean withDocuments) throws SQLException {
        String tags = rows.getString(7);
        return new VersionRecord(BrickId.parse(rows.getString(1)), SemVer.parse(rows.getString(2)),
                BrickKind.fromJson(rows.getString(3)).orElseThrow(), BrickOrigin.fromJson(rows.getString(4)).orElseThrow(),
                rows.getString(5), rows.getString(6),
                Arrays.stream(tags.split(",")).filter(tag -> !tag.isEmpty()).toList(),
                parse(rows.getString(8), new TypeReference<List<String>>() { }),
                withDocuments ? rows.getString(18) : null, withDocuments ? rows.getString(19) : null,
                parse(rows.getString(9), new TypeReference<LinkedHashMap<String, String>>() { }),
                decode(rows.getString(10)), rows.getString(11), rows.getLong(12), rows.getBoolean(13),
                rows.getString(14), rows.getLong(15), instant(rows, 16), rows.getString(17));
    }

    /** float32 little-endian, base64: compact and identical in every database. */
    static String encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static float[] decode(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(vector);
        return vector;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lists and maps of texts always serialise", e);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored JSON column does not parse", e);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(String failure, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(failure, e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> results = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    results.add(reader.read(rows));
                }
            }
            return results;
        } catch (SQLException e) {
            throw new StoreException("query failed: " + sql, e);
        }
    }

    private <T> Optional<T> queryOne(String sql, Binder binder, Reader<T> reader) {
        List<T> results = query(sql, binder, reader);
        return results.isEmpty() ? Optional.empty() : Optional.of(results.get(0));
    }

    private int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("update failed: " + sql, e);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
