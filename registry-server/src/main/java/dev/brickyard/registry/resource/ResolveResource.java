package dev.brickyard.registry.resource;

import dev.brickyard.api.version.BrickRef;
import dev.brickyard.api.version.DistTag;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.registry.ResolvedVersion;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.JdbcBrickStore;
import dev.brickyard.registry.store.VersionRecord;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /v1/resolve?ref=acme/sentiment@^1.2&base=all-minilm-l6-v2}: the highest version in the range,
 * built for the base model if one is named. Ranges skip yanked versions (cargo's rule); an exact version
 * ({@code @=1.2.0}) still resolves when yanked, so pinned users keep working, and says so. A dist-tag
 * ({@code ref=acme/sentiment@stable}) resolves to the version it points at: {@code latest} to the newest non-yanked
 * release, another tag to what its owner set, even if that version was yanked since ({@code yanked: true} then);
 * an unknown tag is {@code tag_not_found}.
 */
@Path("/v1/resolve")
@Produces(MediaType.APPLICATION_JSON)
public final class ResolveResource {
    private final BrickStore store;

    public ResolveResource(BrickStore store) {
        this.store = store;
    }

    @GET
    public ResolvedVersion resolve(@QueryParam("ref") String ref, @QueryParam("base") String base,
                                   @Context UriInfo uri) {
        if (ref == null || ref.isBlank()) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "give ref=namespace/name[@range|@tag]");
        }
        BrickRef parsed;
        try {
            parsed = BrickRef.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.INVALID_RANGE, e.getMessage());
        }
        List<VersionRecord> versions = store.versions(parsed.id());
        if (versions.isEmpty()) {
            throw RegistryException.brickNotFound(parsed.id(), store);
        }
        VersionRecord best = parsed.isTag() ? tagged(parsed, versions, base) : inRange(parsed, versions, base);
        return new ResolvedVersion(best.brick().toString(), best.version().toString(), best.digest(), best.size(),
                best.yanked(), Documents.downloadUrl(uri.getBaseUri(), best));
    }

    /**
     * The version a tag points at: {@code latest} is the newest non-yanked release among the versions for the base
     * model, any other tag is what its owner set (yanked or not), which must be built for the base model if one is
     * named.
     */
    private VersionRecord tagged(BrickRef ref, List<VersionRecord> versions, String base) {
        boolean anyBase = base == null || base.isBlank();
        if (ref.tag().equals(DistTag.LATEST)) {
            return JdbcBrickStore.latest(versions.stream().filter(v -> anyBase || v.baseModel().equals(base))
                    .toList()).orElseThrow(() -> new RegistryException(ErrorCode.NO_MATCHING_VERSION, "no "
                    + "non-yanked version of " + ref.id() + (anyBase ? "" : " for base model " + base)
                    + ", so it has no latest; published: " + published(versions)));
        }
        SemVer version = store.distTags(ref.id()).get(ref.tag());
        if (version == null) {
            throw new RegistryException(ErrorCode.TAG_NOT_FOUND, ref.id() + " has no tag '" + ref.tag() + "'; its "
                    + "tags: " + Documents.distTags(versions, store.distTags(ref.id())).keySet());
        }
        VersionRecord tagged = versions.stream().filter(v -> v.version().equals(version)).findFirst().orElseThrow();
        if (!anyBase && !tagged.baseModel().equals(base)) {
            throw new RegistryException(ErrorCode.NO_MATCHING_VERSION, ref + " is " + version + ", built for base "
                    + "model " + tagged.baseModel() + ", not " + base);
        }
        return tagged;
    }

    private static VersionRecord inRange(BrickRef parsed, List<VersionRecord> versions, String base) {
        String range = parsed.range().toString();
        boolean exact = range.startsWith("=") || SemVer.isValid(range);
        return versions.stream()
                .filter(v -> exact || !v.yanked())
                .filter(v -> base == null || base.isBlank() || v.baseModel().equals(base))
                .filter(v -> parsed.range().contains(v.version()))
                .max(Comparator.comparing(VersionRecord::version))
                .orElseThrow(() -> new RegistryException(ErrorCode.NO_MATCHING_VERSION, "no "
                        + (exact ? "" : "non-yanked ") + "version of " + parsed.id() + " matches '" + range + "'"
                        + (base == null || base.isBlank() ? "" : " for base model " + base) + "; published: "
                        + published(versions)));
    }

    private static List<String> published(List<VersionRecord> versions) {
        return versions.stream().map(v -> v.version() + (v.yanked() ? " (yanked)" : "")).toList();
    }
}
