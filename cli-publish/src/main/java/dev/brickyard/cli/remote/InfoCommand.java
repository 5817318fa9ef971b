package dev.brickyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.manifest.BrickProvenance;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.sign.BrickSignature;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.cache.BrickCache;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.output.Style;
import dev.brickyard.cli.output.Table;
import dev.brickyard.http.registry.BrickDetail;
import dev.brickyard.http.registry.CapabilityDocument;
import dev.brickyard.http.registry.ProvenanceDocument;
import dev.brickyard.http.registry.SignerDocument;
import dev.brickyard.http.registry.VersionDetail;
import dev.brickyard.http.registry.VersionSummary;
import dev.brickyard.tools.pack.ProvenanceStatement;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick info NS/NAME}: a brick's facts, versions with yank marks, capabilities and the start of its card, from
 * the registry. {@code brick info FILE.jar}: a bundle's id, signer and provenance record, from the file.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a brick: what it does, its versions (yanked ones marked), capabilities and "
                + "requirements, metrics, how to install it, and the start of its card.",
                "Given a bundle (FILE.jar) instead, show who signed it and its provenance record "
                        + "(brick/provenance.json: publisher, command, training data digests)."})
public final class InfoCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "NS/NAME|FILE.jar",
            description = "The brick, e.g. acme/sentiment, or a bundle file.")
    String reference;

    @Option(names = "--card-lines", defaultValue = "12",
            description = "Lines of the card to show (default: ${DEFAULT-VALUE}; 0 for none).")
    int cardLines;

    @Option(names = "--offline", description = "Show what the cache knows of the brick (from earlier pulls); "
            + "nothing is sent.")
    boolean offline;

    private final CliEnvironment environment;

    public InfoCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if (reference.endsWith(".jar")) {
            return bundleInfo(Path.of(reference));
        }
        BrickRef ref;
        try {
            ref = BrickRef.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + reference + "' is not a brick id such as acme/sentiment: " + e.getMessage());
        }
        if (offline) {
            return cachedInfo(ref);
        }
        BrickDetail brick = registry.client(output).brick(ref.id());
        if (output.json()) {
            output.printJson(brick);
            return 0;
        }
        boolean allYanked = brick.versions().stream().allMatch(VersionSummary::yanked);
        output.result("%s %s%s", output.styled(brick.id(), Style.BOLD), brick.latest(),
                allYanked ? output.styled(" (every version is yanked)", Style.RED) : "");
        output.result("%s", brick.description());
        output.result("");
        Table facts = new Table("", "");
        facts.row("kind", brick.kind() + ", " + brick.origin());
        facts.row("base model", brick.baseModel());
        if (!brick.labels().isEmpty()) {
            facts.row("labels", String.join(", ", brick.labels()));
        }
        if (!brick.tags().isEmpty()) {
            facts.row("tags", String.join(", ", brick.tags()));
        }
        if (brick.distTags() != null && !brick.distTags().isEmpty()) {
            facts.row("dist-tags", brick.distTags().entrySet().stream().map(tag -> tag.getKey() + " " + tag.getValue())
                    .collect(Collectors.joining(", ")));
        }
        facts.row("downloads", String.valueOf(brick.downloads()));
        if (brick.metrics() != null && brick.metrics().size() > 0) {
            facts.row("metrics", metrics(brick.metrics()));
        }
        facts.row("install", brick.installCommand());
        printWithoutHeader(facts);

        output.result("");
        Table versions = new Table("VERSION", "PUBLISHED", "SIZE", "DOWNLOADS", "STATUS");
        for (VersionSummary version : brick.versions()) {
            versions.row(new Table.Cell(version.version(), version.yanked() ? Style.DIM : Style.PLAIN),
                    new Table.Cell(version.publishedAt().toString().substring(0, 10), Style.PLAIN),
                    new Table.Cell(size(version.size()), Style.PLAIN),
                    new Table.Cell(String.valueOf(version.downloads()), Style.PLAIN),
                    status(version, brick));
        }
        output.print(versions);

        section("provides", brick.capabilities());
        section("requires", brick.requirements());
        if (brick.latest() != null) {
            latestOrigin(brick.id(), brick.latest());
        }
        List<String> card = cardExcerpt(brick.card(), cardLines);
        if (!card.isEmpty()) {
            output.result("");
            output.result("%s", output.styled("card", Style.BOLD));
            card.forEach(line -> output.result("  %s", line));
        }
        return 0;
    }

    /**
     * Who signed the latest version and where it came from, as the registry checked them at publish: its signer (and
     * whether the namespace still trusts the key) and the summary of its provenance statement.
     */
    private void latestOrigin(String id, String latest) throws Exception {
        VersionDetail version = registry.client(output).version(BrickId.parse(id), SemVer.parse(latest));
        output.result("");
        output.result("%s", output.styled("origin of " + latest, Style.BOLD));
        Table facts = new Table("", "");
        SignerDocument signer = version.signer();
        facts.row("signed by", signer == null ? "unsigned" : "key " + signer.fingerprint()
                + (signer.keyName() == null ? "" : " (" + signer.keyName() + ")")
                + ("revoked".equals(signer.status()) ? ", revoked by the namespace since" : ""));
        provenanceRows(facts, version.provenance(), "none (the bundle carries no provenance statement)");
        printWithoutHeader(facts);
    }

    /** The rows of a provenance statement's summary: who made the brick, with which command, from what. */
    private static void provenanceRows(Table facts, ProvenanceDocument statement, String none) {
        if (statement == null) {
            facts.row("provenance", none);
            return;
        }
        facts.row("provenance", statement.predicateType());
        if (statement.publisher() != null) {
            facts.row("published by", statement.publisher());
        }
        if (statement.command() != null && !statement.command().isEmpty()) {
            facts.row("command", String.join(" ", statement.command()));
        }
        if (statement.materials() != null) {
            statement.materials().forEach(material -> facts.row("from", material.name() + " sha256:"
                    + material.sha256()));
        }
        if (statement.baseModel() != null) {
            facts.row("base model", statement.baseModel().name() + " sha256:" + statement.baseModel().sha256());
        }
        if (statement.subjects() != null) {
            statement.subjects().forEach(subject -> facts.row("made", subject.name() + " sha256:"
                    + subject.sha256()));
        }
        if (statement.createdAt() != null) {
            facts.row("created", statement.createdAt());
        }
    }

    /** {@code --offline}: the versions and tags the cache remembers from the registry, and which bundles it has. */
    private int cachedInfo(BrickRef ref) throws Exception {
        BrickCache cache = new BrickCache(environment.cacheDirectory());
        java.net.URI base = registry.client(output).base();
        BrickCache.IndexEntry entry = cache.index(base, ref.id()).orElseThrow(() -> new BrickNotFoundException(
                "the cache has nothing of " + ref.id() + " from " + base + "; pull it once without --offline"));
        if (output.json()) {
            output.printJson(entry);
            return 0;
        }
        output.result("%s (offline: what the cache remembers from %s)", output.styled(ref.id().toString(), Style.BOLD),
                base);
        if (!entry.tags().isEmpty()) {
            output.result("dist-tags when last pulled: %s", entry.tags().entrySet().stream()
                    .map(tag -> tag.getKey() + " " + tag.getValue()).collect(Collectors.joining(", ")));
        }
        Table versions = new Table("VERSION", "SIZE", "DIGEST", "STATUS");
        entry.versions().entrySet().stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<String, BrickCache.CachedVersion> v)
                        -> SemVer.parse(v.getKey())).reversed())
                .forEach(v -> versions.row(v.getKey(), size(v.getValue().size()), v.getValue().digest(),
                        (cache.blob(v.getValue().digest()).isPresent() ? "cached" : "not cached")
                                + (v.getValue().yanked() ? ", yanked" : "")));
        output.print(versions);
        return 0;
    }

    /**
     * A version's status cell: the dist-tags that point at it ({@code latest} is one of them), after the yank mark
     * when it is yanked (a tag set before the yank keeps pointing at it).
     */
    private static Table.Cell status(VersionSummary version, BrickDetail brick) {
        Map<String, String> distTags = brick.distTags() != null ? brick.distTags()
                : Map.of("latest", brick.latest());
        String tags = distTags.entrySet().stream().filter(tag -> tag.getValue().equals(version.version()))
                .map(Map.Entry::getKey).collect(Collectors.joining(", "));
        if (version.yanked()) {
            return new Table.Cell("yanked: " + version.yankReason() + (tags.isEmpty() ? "" : "; tagged " + tags),
                    Style.RED);
        }
        return new Table.Cell(tags, tags.isEmpty() ? Style.PLAIN : Style.GREEN);
    }

    /** The signer and provenance of a bundle file; a signature that does not verify fails the command (exit 9). */
    private int bundleInfo(Path bundle) throws Exception {
        if (!Files.isRegularFile(bundle)) {
            throw new NoSuchFileException(bundle + ": no such bundle");
        }
        VerifiedBrick brick = new BrickVerifier().verify(bundle);
        BrickSignature signature = brick.signature().require();
        JsonNode provenance = null;
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            ZipEntry entry = zip.getEntry("brick/" + ProvenanceStatement.FILE);
            if (entry != null) {
                try (InputStream in = zip.getInputStream(entry)) {
                    provenance = new ObjectMapper().readTree(in);
                }
            }
        }
        if (output.json()) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("id", brick.manifest().id());
            report.put("version", brick.manifest().version());
            report.put("digest", brick.sha256());
            report.put("signer", signature.signed() ? signature.signer().fingerprint() : null);
            report.put("provenance", provenance);
            output.printJson(report);
            return 0;
        }
        output.result("%s %s", output.styled(brick.manifest().id(), Style.BOLD), brick.manifest().version());
        Table facts = new Table("", "");
        facts.row("digest", brick.sha256());
        facts.row("signed by", signature.signed() ? "key " + signature.signer().fingerprint() : "unsigned");
        BrickProvenance statement = brick.provenance();
        provenanceRows(facts, statement == null ? null : ProvenanceDocument.of(statement),
                "none (the bundle has no brick/provenance.json)");
        printWithoutHeader(facts);
        return 0;
    }

    private void printWithoutHeader(Table table) {
        java.io.StringWriter text = new java.io.StringWriter();
        table.print(new java.io.PrintWriter(text), false, 0);
        text.toString().lines().skip(1).forEach(line -> {
            int gap = line.indexOf("  ");
            output.result("%s%s", output.styled(line.substring(0, gap), Style.BOLD), line.substring(gap));
        });
    }

    private void section(String title, List<CapabilityDocument> clauses) {
        if (clauses.isEmpty()) {
            return;
        }
        output.result("");
        output.result("%s", output.styled(title, Style.BOLD));
        for (CapabilityDocument clause : clauses) {
            List<String> parts = new ArrayList<>();
            parts.add(clause.namespace());
            clause.attributes().forEach((key, value) -> parts.add(key + "=" + value));
            clause.directives().forEach((key, value) -> parts.add(key + ":=" + value));
            output.result("  %s", String.join("; ", parts));
        }
    }

    private static String metrics(JsonNode metrics) {
        List<String> parts = new ArrayList<>();
        metrics.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            boolean whole = value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue());
            parts.add(field.getKey() + " " + (whole ? String.valueOf(value.longValue())
                    : value.isNumber() ? String.format(Locale.ROOT, "%.4f", value.doubleValue()) : value.asText()));
        });
        return String.join(", ", parts);
    }

    static String size(long bytes) {
        if (bytes < 10_000) {
            return bytes + " B";
        }
        if (bytes < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** The first lines of the card's text: front matter and blank lines at the start are skipped. */
    static List<String> cardExcerpt(String card, int lines) {
        if (card == null || lines <= 0) {
            return List.of();
        }
        List<String> all = card.lines().collect(Collectors.toList());
        int start = 0;
        if (!all.isEmpty() && all.get(0).strip().equals("---")) {
            for (int i = 1; i < all.size(); i++) {
                if (all.get(i).strip().equals("---")) {
                    start = i + 1;
                    break;
                }
            }
        }
        while (start < all.size() && all.get(start).isBlank()) {
            start++;
        }
        List<String> excerpt = new ArrayList<>(all.subList(start, Math.min(all.size(), start + lines)));
        if (start + lines < all.size()) {
            excerpt.add("… (" + (all.size() - start - lines) + " more lines on the brick's page)");
        }
        return excerpt;
    }
}
