package dev.brickyard.registry.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.DistTag;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.http.registry.BrickDetail;
import dev.brickyard.http.registry.BrickSummary;
import dev.brickyard.http.registry.CapabilityDocument;
import dev.brickyard.http.registry.KeyDocument;
import dev.brickyard.http.registry.ProvenanceDocument;
import dev.brickyard.http.registry.SignerDocument;
import dev.brickyard.http.registry.TokenInfo;
import dev.brickyard.http.registry.VersionDetail;
import dev.brickyard.http.registry.VersionSummary;
import dev.brickyard.registry.search.SearchHit;
import dev.brickyard.registry.store.BrickRecord;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.registry.store.NamespaceKey;
import dev.brickyard.registry.store.TokenRecord;
import dev.brickyard.registry.store.VersionRecord;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns stored records into the API's JSON documents, with absolute URLs under the request's base URI. */
public final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Documents() {
    }

    public static String downloadUrl(URI base, VersionRecord version) {
        return base.resolve("v1/bricks/" + version.brick() + "/" + version.version() + "/download").toString();
    }

    public static String brickUrl(URI base, VersionRecord version) {
        return base.resolve("v1/bricks/" + version.brick()).toString();
    }

    public static BrickSummary summary(URI base, SearchHit hit, boolean withScore) {
        VersionRecord v = hit.latest();
        return new BrickSummary(v.brick().toString(), v.brick().namespace(), v.brick().name(), v.version().toString(),
                v.kind().jsonName(), v.origin().jsonName(), v.baseModel(), v.description(), v.tags(), v.labels(),
                hit.downloads(), idOrNull(hit.copyOf()), v.publishedAt(), v.yanked(),
                withScore ? round(hit.score()) : null, brickUrl(base, v));
    }

    public static VersionSummary versionSummary(URI base, VersionRecord v) {
        return new VersionSummary(v.version().toString(), v.yanked(), v.yankReason(), v.digest(), v.size(),
                v.publishedAt(), v.downloads(), downloadUrl(base, v));
    }

    /**
     * A brick's dist-tags as the API shows them: the implicit {@code latest} first (left out when every version is
     * yanked), then the tags set on it in name order.
     */
    public static Map<String, String> distTags(List<VersionRecord> versions, Map<String, SemVer> set) {
        Map<String, String> tags = new LinkedHashMap<>();
        JdbcBrickStore.latest(versions).ifPresent(latest -> tags.put(DistTag.LATEST, latest.version().toString()));
        new TreeMap<>(set).forEach((tag, version) -> tags.put(tag, version.toString()));
        return tags;
    }

    public static BrickDetail detail(URI base, BrickRecord brick, List<VersionRecord> versions,
                                     Map<String, SemVer> distTags) {
        VersionRecord latest = JdbcBrickStore.representative(versions);
        return new BrickDetail(brick.id().toString(), brick.id().namespace(), brick.id().name(),
                latest.version().toString(), distTags(versions, distTags), latest.kind().jsonName(), latest.origin().jsonName(), latest.baseModel(),
                latest.description(), latest.tags(), latest.labels(), brick.downloads(), idOrNull(brick.copyOf()),
                brick.createdAt(), brick.updatedAt(), versions.stream().map(v -> versionSummary(base, v)).toList(),
                CapabilityDocument.of(latest.headers().get("Provide-Capability")),
                CapabilityDocument.of(latest.headers().get("Require-Capability")),
                manifest(latest).path("metrics"), latest.card(), installCommand(latest));
    }

    /** A version's detail, with its signer and provenance statement as {@code store} knows them. */
    public static VersionDetail versionDetail(URI base, VersionRecord v, BrickStore store) {
        return new VersionDetail(v.brick().toString(), v.version().toString(), v.kind().jsonName(),
                v.origin().jsonName(), v.baseModel(), v.description(), v.tags(), v.labels(), v.yanked(),
                v.yankReason(), v.digest(), v.size(), v.publishedAt(), v.downloads(), downloadUrl(base, v),
                manifest(v), v.card(), v.headers(), CapabilityDocument.of(v.headers().get("Provide-Capability")),
                CapabilityDocument.of(v.headers().get("Require-Capability")), signer(store, v),
                store.provenanceStatement(v.brick(), v.version()).map(ProvenanceDocument::of).orElse(null));
    }

    /** Who signed a version, with the name and status of the key in its namespace; null when unsigned. */
    static SignerDocument signer(BrickStore store, VersionRecord v) {
        return store.signer(v.brick(), v.version()).map(fingerprint -> {
            NamespaceKey key = store.keysWithFingerprint(fingerprint).stream()
                    .filter(registered -> registered.namespace().equals(v.brick().namespace())).findFirst()
                    .orElse(null);
            return new SignerDocument(fingerprint, key == null ? null : key.name(),
                    key == null ? "unregistered" : key.revoked() ? "revoked" : "valid");
        }).orElse(null);
    }

    /** A namespace's key as the API lists it. */
    public static KeyDocument key(NamespaceKey key) {
        return new KeyDocument(key.namespace(), key.fingerprint(), key.name(), key.publicKeyPem(),
                key.revoked() ? "revoked" : "valid", key.addedAt(), key.revokedAt());
    }

    /** What an operator types to put this brick into a running host. */
    /** A token as the API shows it: everything but its secret (whose hash is not shown either). */
    public static TokenInfo tokenInfo(TokenRecord token) {
        return new TokenInfo(token.id(), token.namespace(), token.scopeNames(), token.description(),
                token.createdAt(), token.revokedAt());
    }

    public static String installCommand(VersionRecord v) {
        return "brick host install " + v.brick() + "@^" + v.version().release();
    }

    static JsonNode manifest(VersionRecord v) {
        try {
            return JSON.readTree(v.manifest());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored manifest does not parse", e);
        }
    }

    private static String idOrNull(BrickId id) {
        return id == null ? null : id.toString();
    }

    private static double round(double score) {
        return Math.round(score * 1000) / 1000.0;
    }
}
