package dev.brickyard.host.trust;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.UntrustedBrickException.Reason;
import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.sign.BrickSignature;
import dev.brickyard.base.sign.BrickSignatures;
import dev.brickyard.base.sign.KeyFormatException;
import dev.brickyard.base.sign.SignatureOutcome;
import dev.brickyard.base.sign.SignerKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Which bricks a host lets in by who signed them, read from a small JSON file ({@code brick host serve --trust FILE}):
 * <pre>
 * {
 *   "mode": "require",                       // off | warn | require
 *   "keys": [
 *     { "name": "acme-release", "fingerprint": "70caa619…", "namespaces": [ "acme" ] },
 *     { "name": "shared", "publicKey": "-----BEGIN PUBLIC KEY-----\n…", "namespaces": [ "*" ] }
 *   ],
 *   "allowWildcardFollow": false
 * }
 * </pre>
 * A key is named by its fingerprint ({@code brick keys show}) or given as a PEM public key, and may sign the bricks of
 * the namespaces it lists ({@code *}: any). The policy is checked at every install, swap and follow, before anything
 * is kept or loaded, and again at restore:
 * <ul>
 *   <li>{@code off} (the default without {@code --trust}): signatures are not acted on;</li>
 *   <li>{@code warn}: a brick that is unsigned, or signed by a key not trusted for its namespace, is let in with one
 *       warning in the log and shown as unverified;</li>
 *   <li>{@code require}: such a brick is refused ({@code unsigned_brick}, {@code signer_not_trusted}).</li>
 * </ul>
 * Under {@code warn} and {@code require} a signature that does not verify (a changed byte, an entry added after
 * signing, two signers) is always refused ({@code signature_invalid}): a broken signature is never benign. Follow
 * patterns must name their namespace ({@code acme/*}) unless {@code allowWildcardFollow} is true, and under
 * {@code warn} or {@code require} the follower installs nothing from a namespace no key may sign.
 */
public final class TrustPolicy {
    private static final Logger LOG = Logger.getLogger(TrustPolicy.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** How strictly signatures are checked. */
    public enum Mode {
        OFF, WARN, REQUIRE
    }

    /** A key, by fingerprint, that the policy trusts for some namespaces ({@code *}: all). */
    public record TrustedKey(String name, String fingerprint, List<String> namespaces) {
        public TrustedKey {
            namespaces = List.copyOf(namespaces);
        }

        boolean covers(String namespace) {
            return namespaces.contains("*") || namespaces.contains(namespace);
        }
    }

    /** No checks, no wildcard follows: a host without {@code --trust}. */
    public static final TrustPolicy OFF = new TrustPolicy(Mode.OFF, List.of(), false);

    private final Mode mode;
    private final List<TrustedKey> keys;
    private final boolean allowWildcardFollow;

    /** A policy of these keys; {@link #read} makes one from a trust file. */
    public TrustPolicy(Mode mode, List<TrustedKey> keys, boolean allowWildcardFollow) {
        this.mode = mode;
        this.keys = List.copyOf(keys);
        this.allowWildcardFollow = allowWildcardFollow;
    }

    /** The JSON document of the trust file. */
    @JsonIgnoreProperties(value = {"$comment"})
    private record Document(String mode, List<Entry> keys, Boolean allowWildcardFollow) {
    }

    @JsonIgnoreProperties(value = {"$comment"})
    private record Entry(String name, String fingerprint, String publicKey, List<String> namespaces) {
    }

    /**
     * Reads a trust file.
     *
     * @throws TrustPolicyException naming the file and what is wrong in it
     */
    public static TrustPolicy read(Path file) throws TrustPolicyException {
        Document document;
        try {
            document = JSON.readValue(Files.readAllBytes(file), Document.class);
        } catch (JsonProcessingException e) {
            throw new TrustPolicyException(file, "it is not a trust policy: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TrustPolicyException(file, "it cannot be read: " + e);
        }
        if (document == null || document.mode() == null) {
            throw new TrustPolicyException(file, "it names no \"mode\" (off, warn or require)");
        }
        Mode mode;
        try {
            mode = Mode.valueOf(document.mode().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TrustPolicyException(file, "\"mode\" is '" + document.mode() + "', not off, warn or require");
        }
        List<TrustedKey> keys = new ArrayList<>();
        List<Entry> entries = document.keys() == null ? List.of() : document.keys();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String where = "keys[" + i + "]";
            if (entry == null || entry.namespaces() == null || entry.namespaces().isEmpty()) {
                throw new TrustPolicyException(file, where + " lists no \"namespaces\" it may sign (\"*\" for any)");
            }
            for (String namespace : entry.namespaces()) {
                if (namespace == null || !namespace.equals("*") && !BrickId.isValid(namespace + "/a")) {
                    throw new TrustPolicyException(file, where + ".namespaces has '" + namespace + "', neither a "
                            + "namespace nor *");
                }
            }
            String name = entry.name() != null ? entry.name() : where;
            if (entry.publicKey() != null) {
                try {
                    SignerKey key = SignerKey.fromPem(entry.publicKey());
                    if (entry.fingerprint() != null && !entry.fingerprint().equals(key.fingerprint())) {
                        throw new TrustPolicyException(file, where + ".fingerprint is not the fingerprint of its "
                                + "publicKey (" + key.fingerprint() + ")");
                    }
                    keys.add(new TrustedKey(name, key.fingerprint(), entry.namespaces()));
                } catch (KeyFormatException e) {
                    throw new TrustPolicyException(file, where + ".publicKey: " + e.getMessage());
                }
            } else if (SignerKey.isFingerprint(entry.fingerprint())) {
                keys.add(new TrustedKey(name, entry.fingerprint(), entry.namespaces()));
            } else {
                throw new TrustPolicyException(file, where + " needs a \"fingerprint\" (64 lower-case hex digits, "
                        + "as 'brick keys show' prints) or a \"publicKey\" (PEM)");
            }
        }
        return new TrustPolicy(mode, keys, Boolean.TRUE.equals(document.allowWildcardFollow()));
    }

    public Mode mode() {
        return mode;
    }

    /** Whether follow patterns may leave the namespace open ({@code * /name}). */
    public boolean allowWildcardFollow() {
        return allowWildcardFollow;
    }

    /**
     * Whether the follower may install bricks of {@code namespace}: always under {@code off}; otherwise only when
     * some key may sign that namespace.
     */
    public boolean trustsNamespace(String namespace) {
        return mode == Mode.OFF || keys.stream().anyMatch(key -> key.covers(namespace));
    }

    /**
     * Checks a kept bundle against the policy, reading its signature (only when the mode is not {@code off}): for a
     * bundle that is not verified again, such as a kept archive at restore.
     *
     * @param id the brick the bundle holds, whose namespace the signer must be trusted for
     * @return what was found, for the brick's document
     * @throws UntrustedBrickException when the policy refuses the brick
     */
    public TrustVerdict check(Path archive, BrickId id) throws UntrustedBrickException, IOException {
        if (mode == Mode.OFF) {
            return TrustVerdict.UNCHECKED;
        }
        return check(SignatureOutcome.verified(BrickSignatures.read(archive)), id);
    }

    /**
     * Checks a bundle that passed the format checks against the policy, by the signature the format checks verified
     * in the same read of its entries ({@code VerifiedBrick.signature()}).
     *
     * @param id the brick the bundle holds, whose namespace the signer must be trusted for
     * @return what was found, for the brick's document
     * @throws UntrustedBrickException when the policy refuses the brick
     */
    public TrustVerdict check(SignatureOutcome outcome, BrickId id) throws UntrustedBrickException {
        if (mode == Mode.OFF) {
            return TrustVerdict.UNCHECKED;
        }
        BrickSignature signature = outcome.require();
        if (!signature.signed()) {
            return refuseOrWarn(Reason.UNSIGNED, id + " is unsigned, and this host's trust policy requires bricks "
                    + "signed by a trusted key", null);
        }
        SignerKey signer = signature.signer();
        List<TrustedKey> listed = keys.stream().filter(key -> key.fingerprint().equals(signer.fingerprint())).toList();
        Optional<String> name = listed.stream().map(TrustedKey::name).findFirst();
        Optional<TrustedKey> trusted = listed.stream().filter(key -> key.covers(id.namespace())).findFirst();
        if (trusted.isPresent()) {
            return new TrustVerdict(signer.fingerprint(), trusted.get().name(), true);
        }
        return refuseOrWarn(Reason.SIGNER_NOT_TRUSTED, id + " is signed by key " + signer.fingerprint()
                + (name.isPresent() ? " ('" + name.get() + "'), which this host's trust policy does not let sign "
                + "namespace '" + id.namespace() + "'" : ", which this host's trust policy does not list"),
                new TrustVerdict(signer.fingerprint(), name.orElse(null), false));
    }

    private TrustVerdict refuseOrWarn(Reason reason, String message, TrustVerdict unverified)
            throws UntrustedBrickException {
        if (mode == Mode.REQUIRE) {
            throw new UntrustedBrickException(reason, message);
        }
        LOG.warning(message + "; installed unverified (trust mode warn)");
        return unverified != null ? unverified : TrustVerdict.UNCHECKED;
    }
}
