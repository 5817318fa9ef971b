package dev.brickyard.registry.resource;

import dev.brickyard.api.version.BrickRef;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.registry.ResolvedVersion;
import dev.brickyard.registry.store.BrickStore;
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
 * ({@code @=1.2.0}) still resolves when yanked, so pinned users keep working, and says so.
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
            throw new RegistryException(ErrorCode.BAD_REQUEST, "give ref=namespace/name[@range]");
        }
        BrickRef parsed;
        try {
            parsed = BrickRef.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.INVALID_RANGE, e.getMessage());
        }
        List<VersionRecord> versions = store.versions(parsed.id());
        if (versions.isEmpty()) {
            throw new RegistryException(ErrorCode.BRICK_NOT_FOUND, parsed.id() + " is not published here");
        }
        String range = parsed.range().toString();
        boolean exact = range.startsWith("=") || dev.brickyard.api.version.SemVer.isValid(range);
        VersionRecord best = versions.stream()
                .filter(v -> exact || !v.yanked())
                .filter(v -> base == null || base.isBlank() || v.baseModel().equals(base))
                .filter(v -> parsed.range().contains(v.version()))
                .max(Comparator.comparing(VersionRecord::version))
                .orElseThrow(() -> new RegistryException(ErrorCode.NO_MATCHING_VERSION, "no "
                        + (exact ? "" : "non-yanked ") + "version of " + parsed.id() + " matches '" + range + "'"
                        + (base == null || base.isBlank() ? "" : " for base model " + base) + "; published: "
                        + versions.stream().map(v -> v.version() + (v.yanked() ? " (yanked)" : "")).toList()));
        return new ResolvedVersion(best.brick().toString(), best.version().toString(), best.digest(), best.size(),
                best.yanked(), Documents.downloadUrl(uri.getBaseUri(), best));
    }
}
