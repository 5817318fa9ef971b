package dev.brickyard.registry.store;

import dev.brickyard.api.manifest.BrickProvenance;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's durable state. Every method is one transaction. Implementations must be safe for concurrent use
 * by many request threads and by several registry processes sharing one database.
 */
public interface BrickStore extends AutoCloseable {

    /** What {@link #publish} did. */
    enum PublishOutcome {
        /** The version is new and now visible. */
        CREATED,
        /** The version existed with the same digest: nothing changed (an idempotent retry). */
        ALREADY_PUBLISHED,
        /** The version exists with another digest: nothing changed. */
        CONFLICT
    }

    /**
     * Work that must succeed before a publish commits, such as moving the blob into place; if it throws, the
     * transaction rolls back.
     */
    interface BeforeCommit {
        void run() throws Exception;
    }

    /**
     * Adds a version (and its brick, if new) with a {@code published} event, in one transaction that runs
     * {@code beforeCommit} last. Versions are immutable: a second publish of the same version changes nothing.
     *
     * @param provenance the version's weights digest, and the original its brick copies; the copy mark is kept only
     *                   when this version creates the brick
     */
    PublishOutcome publish(VersionRecord version, Provenance provenance, BeforeCommit beforeCommit);

    /** Publishes a version that has no weights digest and copies nothing, as tests and benchmarks store them. */
    default PublishOutcome publish(VersionRecord version, BeforeCommit beforeCommit) {
        return publish(version, Provenance.NONE, beforeCommit);
    }

    Optional<BrickRecord> brick(BrickId id);

    Optional<VersionRecord> version(BrickId id, SemVer version);

    /** Every version of a brick, highest first, yanked ones included. */
    List<VersionRecord> versions(BrickId id);

    /**
     * The newest version of every brick for the search index, with yanked versions skipped unless a brick has
     * only yanked ones; manifest and card are left out. Bricks are in id order.
     */
    List<VersionRecord> searchable();

    /** Every brick with its totals and copy mark, in id order, in one query. */
    List<BrickRecord> bricks();

    /** The bricks that have a version whose weights digest is {@code weightsDigest}, oldest first. */
    List<BrickRecord> bricksWithWeights(String weightsDigest);

    /**
     * Sets or clears a version's yank mark and records the event, if the mark changes.
     *
     * @return false when the version does not exist
     */
    boolean setYanked(BrickId id, SemVer version, boolean yanked, String reason);

    /** What {@link #setDistTag} did. */
    enum TagOutcome {
        /** The tag was created or moved, and a {@code tagged} event recorded. */
        SET,
        /** The tag pointed at that version already: nothing changed. */
        UNCHANGED,
        /** The brick has no such version: nothing changed. */
        VERSION_NOT_FOUND,
        /** The version is yanked, and a tag may not point at a yanked version: nothing changed. */
        VERSION_YANKED
    }

    /**
     * Points a dist-tag of a brick at one of its versions, recording a {@code tagged} event when it moves.
     *
     * @param tag a valid tag name other than {@code latest} (the caller checks)
     * @param tokenId who changed it
     */
    TagOutcome setDistTag(BrickId id, String tag, SemVer version, String tokenId);

    /**
     * Removes a dist-tag, recording an {@code untagged} event that names the version it pointed at.
     *
     * @return the version it pointed at; empty when the brick had no such tag
     */
    Optional<SemVer> removeDistTag(BrickId id, String tag);

    /** The dist-tags set on a brick (never the implicit {@code latest}), by tag name; empty for an unknown brick. */
    Map<String, SemVer> distTags(BrickId id);

    /**
     * Counts a download of a version (and of its brick) unless this client was counted for this version on this day
     * already, by this or any other registry process on the database.
     *
     * @param client who downloads, as the counter names clients (at most 64 characters, stored as given)
     * @return whether the download was counted
     */
    boolean countDownload(BrickId id, SemVer version, String client, LocalDate day);

    /**
     * The salt of a day's client names: {@code fresh} when this is the first call for the day, else what the first
     * call stored, so that every registry process on the database names a client alike.
     */
    String downloadSalt(LocalDate day, String fresh);

    /** Forgets who was counted on the days before {@code day}, and those days' salts. */
    void forgetDownloadsBefore(LocalDate day);

    /** The id of the newest event, 0 when there is none. */
    long lastEventId();

    /** Events after the given id, oldest first, at most {@code limit}. */
    List<RegistryEvent> eventsAfter(long id, int limit);

    /** The fingerprint of the key that signed a version, empty when it is unsigned or does not exist. */
    Optional<String> signer(BrickId id, SemVer version);

    /**
     * The provenance statement a version's bundle carried, as published; empty when it carried none or the version
     * does not exist.
     */
    Optional<BrickProvenance> provenanceStatement(BrickId id, SemVer version);

    /** What {@link #addKey} did. */
    enum KeyOutcome {
        /** The key is registered now. */
        ADDED,
        /** The namespace had registered the key already and it is valid: nothing changed. */
        ALREADY_REGISTERED,
        /** The namespace had revoked the key: it stays revoked. */
        REVOKED
    }

    /** Registers a namespace's key, unless the namespace has it already (valid or revoked). */
    KeyOutcome addKey(NamespaceKey key);

    /**
     * Revokes a namespace's key.
     *
     * @return false when the namespace has no such key or it was revoked already
     */
    boolean revokeKey(String namespace, String fingerprint, Instant at);

    /** A namespace's keys, revoked ones included, oldest first. */
    List<NamespaceKey> keys(String namespace);

    /** The namespaces' registrations of a key, by its fingerprint. */
    List<NamespaceKey> keysWithFingerprint(String fingerprint);

    /** Whether the namespace accepts only signed publishes. */
    boolean requiresSigned(String namespace);

    /** Sets whether the namespace accepts only signed publishes. */
    void setRequiresSigned(String namespace, boolean required);

    /** How many bricks are published (yanked ones included). */
    long brickCount();

    /** How many versions are published (yanked ones included). */
    long versionCount();

    void insertToken(TokenRecord token);

    Optional<TokenRecord> tokenBySecretHash(String secretHash);

    /** The token with this id, revoked or not. */
    Optional<TokenRecord> token(String id);

    /** Tokens of a namespace, or of all namespaces when it is null, newest first. */
    List<TokenRecord> tokens(String namespace);

    /** @return false when no such token exists or it was already revoked */
    boolean revokeToken(String id);

    @Override
    void close();
}
