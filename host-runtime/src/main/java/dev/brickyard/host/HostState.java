package dev.brickyard.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a host with a storage folder keeps across restarts: its installed bricks in install order, each with the
 * versions it can be rolled back to, most recent first. Every version names its kept bundle by SHA-256. This is
 * the document {@link StateFile} writes, as JSON:
 * <pre>
 * {
 *   "format" : 1,
 *   "bricks" : [ {
 *     "id" : "acme/sentiment",
 *     "installed" : { "version" : "1.1.0", "kind" : "head", "labels" : [ "negative", "positive" ],
 *                     "sha256" : "sha256:…", "weightBytes" : 3326,
 *                     "source" : { "type" : "registry", "registry" : "http://localhost:8080/",
 *                                  "reference" : "acme/sentiment@1.1.0" } },
 *     "history" : [ { "version" : "1.0.0", …, "source" : { "type" : "upload" } } ]
 *   } ]
 * }
 * </pre>
 * A newer host that changes this document raises {@code format}; a host refuses a format above its own.
 *
 * @param format {@link #FORMAT} when written by this host
 */
record HostState(int format, List<Brick> bricks) {
    /** The format this host writes and the newest it reads. */
    static final int FORMAT = 1;
    static final HostState EMPTY = new HostState(FORMAT, List.of());

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final String REGISTRY = "registry";
    private static final String UPLOAD = "upload";

    /** One installed brick: the version that serves and the earlier ones kept for rollback, most recent first. */
    record Brick(String id, Version installed, List<Version> history) {
    }

    /** One version of a brick and its kept bundle. */
    record Version(String version, String kind, List<String> labels, String sha256, long weightBytes,
                   Source source) {
    }

    /** Where a version's bundle came from: {@code type} is {@code registry} (with both fields) or {@code upload}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Source(String type, String registry, String reference) {
    }

    /** The state of these installed bricks, in this order, with these histories. */
    static HostState of(List<InstalledBrick> installed, Map<BrickId, List<InstalledBrick>> history) {
        return new HostState(FORMAT, installed.stream().map(brick -> new Brick(brick.id().toString(),
                version(brick), history.getOrDefault(brick.id(), List.of()).stream().map(HostState::version)
                .toList())).toList());
    }

    /** The digests of every bundle the state names: the bundles the host must keep. */
    Set<String> digests() {
        Set<String> digests = new HashSet<>();
        for (Brick brick : bricks) {
            digests.add(brick.installed().sha256());
            brick.history().forEach(version -> digests.add(version.sha256()));
        }
        return digests;
    }

    /**
     * Checks what the type system cannot: ids, versions, kinds, digests and sources are well formed, and no brick is
     * named twice.
     *
     * @throws IllegalArgumentException naming the first thing wrong
     */
    void check() {
        if (bricks == null) {
            throw new IllegalArgumentException("it has no \"bricks\" list");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < bricks.size(); i++) {
            Brick brick = bricks.get(i);
            String where = "bricks[" + i + "]";
            if (brick == null || brick.id() == null || !BrickId.isValid(brick.id())) {
                throw new IllegalArgumentException(where + " has no valid \"id\"");
            }
            if (!ids.add(brick.id())) {
                throw new IllegalArgumentException(brick.id() + " is listed twice");
            }
            check(brick.installed(), where + ".installed");
            if (brick.history() == null) {
                throw new IllegalArgumentException(where + " has no \"history\" list");
            }
            for (int h = 0; h < brick.history().size(); h++) {
                check(brick.history().get(h), where + ".history[" + h + "]");
            }
        }
    }

    private static void check(Version version, String where) {
        if (version == null) {
            throw new IllegalArgumentException(where + " is missing");
        }
        if (version.version() == null || !SemVer.isValid(version.version())) {
            throw new IllegalArgumentException(where + ".version is not a version: " + version.version());
        }
        if (version.kind() == null || BrickKind.fromJson(version.kind()).isEmpty()) {
            throw new IllegalArgumentException(where + ".kind is not a brick kind: " + version.kind());
        }
        if (version.labels() == null || version.labels().contains(null)) {
            throw new IllegalArgumentException(where + ".labels is not a list of labels");
        }
        if (version.weightBytes() < 0) {
            throw new IllegalArgumentException(where + ".weightBytes is negative");
        }
        if (version.sha256() == null || !SHA256.matcher(version.sha256()).matches()) {
            throw new IllegalArgumentException(where + ".sha256 is not sha256:<64 hex digits>: " + version.sha256());
        }
        Source source = version.source();
        boolean registry = source != null && REGISTRY.equals(source.type()) && source.registry() != null
                && source.reference() != null;
        boolean upload = source != null && UPLOAD.equals(source.type()) && source.registry() == null
                && source.reference() == null;
        if (!registry && !upload) {
            throw new IllegalArgumentException(where + ".source is neither {\"type\": \"upload\"} nor "
                    + "{\"type\": \"registry\", \"registry\": URL, \"reference\": REF}");
        }
        if (registry) {
            try {
                URI.create(source.registry());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".source.registry is not a URL: " + source.registry());
            }
        }
    }

    /** The installed version of a checked brick, as the host lists it before it is loaded again. */
    static InstalledBrick installedVersion(Brick brick) {
        return installedBrick(brick.id(), brick.installed());
    }

    /** The earlier versions of a checked brick, most recent first. */
    static List<InstalledBrick> earlierVersions(Brick brick) {
        return brick.history().stream().map(version -> installedBrick(brick.id(), version)).toList();
    }

    private static InstalledBrick installedBrick(String id, Version version) {
        Source source = version.source();
        return new InstalledBrick(BrickId.parse(id), SemVer.parse(version.version()),
                BrickKind.fromJson(version.kind()).orElseThrow(), version.labels(), 0, version.sha256(),
                version.weightBytes(), UPLOAD.equals(source.type()) ? BrickSource.UPLOAD
                : BrickSource.registry(URI.create(source.registry()), source.reference()));
    }

    private static Version version(InstalledBrick brick) {
        BrickSource source = brick.source();
        return new Version(brick.version().toString(), brick.kind().jsonName(), brick.labels(), brick.sha256(),
                brick.weightBytes(), source.uploaded() ? new Source(UPLOAD, null, null)
                : new Source(REGISTRY, source.registry().toString(), source.reference()));
    }
}
