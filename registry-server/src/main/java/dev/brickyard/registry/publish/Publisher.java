package dev.brickyard.registry.publish;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.MalformedProvenanceException;
import dev.brickyard.api.UntrustedBrickException.Reason;
import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.sign.BrickSignature;
import dev.brickyard.base.verify.BrickArchiveLimits;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.registry.blob.BlobStore;
import dev.brickyard.registry.blob.BlobTooLargeException;
import dev.brickyard.registry.blob.StagedBlob;
import dev.brickyard.registry.search.SearchIndex;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.NamespaceKey;
import dev.brickyard.registry.store.Provenance;
import dev.brickyard.registry.store.TokenRecord;
import dev.brickyard.registry.store.VersionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Publishes a version. The upload is streamed to a staging file while hashed and capped; the bundle is verified
 * like {@code brick verify} (structure, limits, schema, headers, ONNX loads with the declared shapes and answers
 * probabilities or similarity scores, a knowledge brick's values match its keys, known base model) and must be the
 * brick the URL names; a provenance statement ({@code brick/provenance.json}) must be an in-toto statement whose
 * subjects are the bundle's entries as they are, and its summary is stored with the version; the first version of a new brick is checked for copying another namespace's brick
 * ({@link CopyDetector}); then the version row and the blob commit together. Versions are immutable: the same bytes
 * again is an idempotent success, other bytes a conflict.
 *
 * <p>A signed bundle must verify (with the format checks, {@code BrickSignatures.verify}: every entry signed, by one
 * key) and its key must be one the namespace registered and has not revoked; its fingerprint is stored with the version. An unsigned bundle is
 * refused when the namespace requires signed publishes. A signature by a key the namespace does not know is refused
 * even when signatures are not required: a signature the registry cannot vouch for would only mislead.
 */
public final class Publisher {
    private final BrickStore store;
    private final BlobStore blobs;
    private final BaseModel baseModel;
    private final SearchIndex index;
    private final long maxUploadBytes;
    private final BrickVerifier verifier;
    private final CopyDetector copies;

    public Publisher(BrickStore store, BlobStore blobs, BaseModel baseModel, SearchIndex index, long maxUploadBytes) {
        this.store = store;
        this.blobs = blobs;
        this.baseModel = baseModel;
        this.index = index;
        this.maxUploadBytes = maxUploadBytes;
        this.verifier = new BrickVerifier(BrickArchiveLimits.DEFAULT.withSizes(
                Math.min(BrickArchiveLimits.DEFAULT.maxEntryBytes(), 4 * maxUploadBytes),
                Math.min(BrickArchiveLimits.DEFAULT.maxTotalBytes(), 8 * maxUploadBytes)));
        this.copies = new CopyDetector(store, index);
    }

    /** What a publish did, and the version as stored. */
    public record Result(boolean created, VersionRecord version) {
    }

    /**
     * Publishes the bundle read from {@code body} as {@code id@version}.
     *
     * @throws BlobTooLargeException when the upload passes the registry's {@code --max-upload}
     * @throws UploadBrokenException when the upload breaks off
     * @throws MalformedBrickException when the bundle is not a valid brick
     * @throws MalformedProvenanceException when its provenance statement is malformed or describes other bytes
     * @throws IncompatibleBrickException when it is built for a base model this registry does not know
     * @throws WrongBrickException when it is another brick or version than the URL names
     * @throws BrickConflictException when the version is published with other bytes
     * @throws UntrustedBrickException when the signature does not verify, its key is not a valid key of the
     *                                 namespace, or the bundle is unsigned where the namespace requires signatures
     */
    public Result publish(BrickId id, SemVer version, InputStream body, TokenRecord token)
            throws BrickException, BlobTooLargeException {
        StagedBlob staged;
        try {
            staged = blobs.stage(body, maxUploadBytes);
        } catch (BlobTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw new UploadBrokenException("the upload broke off: " + e.getMessage(), e);
        }
        try {
            Optional<VersionRecord> existing = store.version(id, version);
            if (existing.isPresent()) {
                return repeat(existing.get(), staged);
            }
            VerifiedBrick verified = verify(staged);
            if (!verified.manifest().brickId().equals(id) || !verified.manifest().semVer().equals(version)) {
                throw new WrongBrickException("the bundle is "
                        + verified.manifest().id() + "@" + verified.manifest().version() + " but the URL names "
                        + id + "@" + version);
            }
            String signer = signer(verified, id);
            VersionRecord record = new VersionRecord(id, version, verified.manifest().kind(),
                    verified.manifest().origin(), verified.manifest().base().name(), verified.manifest().description(),
                    verified.manifest().tags(), verified.manifest().labels(),
                    verified.manifestJson(), verified.card(), verified.headers(), embed(verified), staged.digest(), staged.size(), false, null,
                    0, Instant.now(), token.id());
            String weightsDigest = weightsDigest(staged, verified).orElse(null);
            BrickId copyOf = store.brick(id).isPresent() ? null
                    : copies.originalOf(record, weightsDigest).orElse(null);
            BrickStore.PublishOutcome outcome = store.publish(record,
                    new Provenance(weightsDigest, copyOf, signer, verified.provenance()), () -> blobs.commit(staged));
            return switch (outcome) {
                case CREATED -> {
                    index.update(id);
                    yield new Result(true, record);
                }
                case ALREADY_PUBLISHED -> new Result(false, store.version(id, version).orElseThrow());
                case CONFLICT -> throw conflict(store.version(id, version).orElseThrow());
            };
        } finally {
            blobs.discard(staged);
        }
    }

    /**
     * The fingerprint of the key that signed the bundle, checked against the namespace's keys; null for an unsigned
     * bundle the namespace accepts.
     */
    private String signer(VerifiedBrick verified, BrickId id) throws UntrustedBrickException {
        BrickSignature signature = verified.signature().require(); // verified with the format, in one read
        String namespace = id.namespace();
        if (!signature.signed()) {
            if (store.requiresSigned(namespace)) {
                throw new UntrustedBrickException(Reason.UNSIGNED, "namespace '" + namespace + "' accepts only "
                        + "signed bricks; sign the bundle with a key the namespace registered (brick publish --sign)");
            }
            return null;
        }
        String fingerprint = signature.signer().fingerprint();
        List<NamespaceKey> registrations = store.keysWithFingerprint(fingerprint);
        Optional<NamespaceKey> own = registrations.stream().filter(key -> key.namespace().equals(namespace))
                .findFirst();
        if (own.isPresent() && own.get().revoked()) {
            throw new UntrustedBrickException(Reason.KEY_REVOKED, "the bundle is signed by key " + fingerprint
                    + " ('" + own.get().name() + "'), which namespace '" + namespace + "' revoked at "
                    + own.get().revokedAt());
        }
        if (own.isPresent()) {
            return fingerprint;
        }
        if (!registrations.isEmpty()) {
            throw new UntrustedBrickException(Reason.SIGNER_NOT_TRUSTED, "the bundle is signed by key " + fingerprint
                    + ", which is registered for namespace '" + registrations.get(0).namespace() + "', not '"
                    + namespace + "'");
        }
        throw new UntrustedBrickException(Reason.KEY_NOT_REGISTERED, "the bundle is signed by key " + fingerprint
                + ", which namespace '" + namespace + "' has not registered (PUT /v1/namespaces/" + namespace
                + "/keys/" + fingerprint + " with the public key, with a token of scope keys)");
    }

    private Result repeat(VersionRecord existing, StagedBlob staged) throws BrickConflictException {
        if (existing.digest().equals(staged.digest())) {
            return new Result(false, existing);
        }
        throw conflict(existing);
    }

    private static BrickConflictException conflict(VersionRecord existing) {
        return new BrickConflictException(existing.ref() + " is already published with digest "
                + existing.digest() + "; versions are immutable, publish a new version");
    }

    private VerifiedBrick verify(StagedBlob staged) throws BrickException {
        try {
            VerifiedBrick verified = verifier.verify(staged.file());
            // The manifest stored is the verified bytes as UTF-8 text, and brick.json must be UTF-8 (Utf8Json), so it
            // reads back as the version's documents read it: no version is committed that later answers 500.
            BrickVerifier.requireKnownBase(verified.manifest());
            return verified;
        } catch (MalformedProvenanceException e) {
            throw e; // its own code (provenance_invalid), its violations at brick/provenance.json:<JSON path>
        } catch (MalformedBrickException e) {
            // the first line is the summary; the violations travel on their own, each with its path
            throw new MalformedBrickException(firstLine(e.getMessage()), e.violations(), e);
        } catch (IOException e) {
            throw new MalformedBrickException("the bundle cannot be read: " + e.getMessage(), e);
        }
    }

    private static Optional<String> weightsDigest(StagedBlob staged, VerifiedBrick verified) {
        try {
            return WeightsDigest.of(staged.file(), verified.manifest());
        } catch (IOException e) {
            throw new UncheckedIOException("the staged bundle " + staged.file() + " cannot be read again", e);
        }
    }

    /**
     * The vector semantic search compares queries with: the normalised sum of the description's embedding and the
     * embedding of the description with the card's text. The card alone dilutes what the brick is for (a query such
     * as "is this ticket an emergency" scored 0.24 against a card about urgent support messages, under the listing
     * threshold); the description alone misses what only the card says (a knowledge brick's facts). The sum ranks the
     * team's paraphrase queries as well as either and lifts the weakest expected matches (SearchQualityTest).
     */
    private float[] embed(VerifiedBrick verified) {
        String description = verified.manifest().description();
        try {
            float[][] both = baseModel.embed(List.of(description,
                    description + "\n" + CardText.body(verified.card())));
            float[] sum = new float[both[0].length];
            double norm = 0;
            for (int i = 0; i < sum.length; i++) {
                sum[i] = both[0][i] + both[1][i];
                norm += sum[i] * sum[i];
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < sum.length; i++) {
                sum[i] *= scale;
            }
            return sum;
        } catch (BrickException e) {
            throw new IllegalStateException("the base model failed to embed a card", e);
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).trim();
    }
}
