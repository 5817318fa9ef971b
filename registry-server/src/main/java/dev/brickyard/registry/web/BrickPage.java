package dev.brickyard.registry.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.http.registry.BrickDetail;
import dev.brickyard.http.registry.CapabilityDocument;
import dev.brickyard.http.registry.ProvenanceDocument;
import dev.brickyard.http.registry.SignerDocument;
import dev.brickyard.http.registry.VersionDetail;
import dev.brickyard.http.registry.VersionSummary;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page of one brick: its card rendered from Markdown, how to install it, every version with yank marks and
 * download links, and the facts from its manifest and OSGi headers (capabilities, requirements, metrics). A
 * version's page ({@code /bricks/ns/name/1.2.0}) is the same page for that version: its card, signer, provenance,
 * metrics and capabilities, and an install command pinned to it.
 */
final class BrickPage {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Digits of a digest shown in the versions table; the whole digest is in the tooltip. */
    private static final int SHORT_DIGEST = 12;

    private BrickPage() {
    }

    /** The signer of the representative version: the key's name and fingerprint, and whether it was revoked. */
    private static String signer(SignerDocument signer) {
        if (signer == null) {
            return "unsigned";
        }
        String name = signer.keyName() == null ? "" : Html.escape(signer.keyName()) + " ";
        return name + "<code title=\"" + Html.escape(signer.fingerprint()) + "\">"
                + Html.escape(signer.fingerprint().substring(0, SHORT_DIGEST)) + "</code>"
                + ("valid".equals(signer.status()) ? "" : " (key " + Html.escape(signer.status()) + ")");
    }

    /**
     * The provenance statement of the representative version: the command that made it, what it read (each with its
     * SHA-256, whole in the tooltip) and the base model; {@code none} when the bundle carried no statement.
     */
    private static String provenance(ProvenanceDocument provenance) {
        if (provenance == null) {
            return "none";
        }
        StringBuilder html = new StringBuilder();
        html.append(provenance.command().isEmpty() ? Html.escape(provenance.predicateType())
                : "<code class=\"command\">" + Html.escape(String.join(" ", provenance.command())) + "</code>");
        if (!provenance.materials().isEmpty()) {
            html.append("<ul class=\"materials\" aria-label=\"Materials\">");
            provenance.materials().forEach(material -> html.append("<li>").append(Html.escape(material.name()))
                    .append(" ").append(shortDigest(material.sha256())).append("</li>"));
            html.append("</ul>");
        }
        if (provenance.baseModel() != null) {
            html.append("<span class=\"base\">on ").append(Html.escape(provenance.baseModel().name())).append(" ")
                    .append(shortDigest(provenance.baseModel().sha256())).append("</span>");
        }
        return html.toString();
    }

    private static String shortDigest(String sha256) {
        return "<code title=\"sha256:" + Html.escape(sha256) + "\">" + Html.escape(sha256.substring(0, SHORT_DIGEST))
                + "</code>";
    }

    /**
     * The content of a brick's page.
     *
     * @param root the site root path, e.g. {@code /}
     * @param brick the brick as the API documents it
     * @param shown the version the page is about in full: the representative one on the brick's page
     * @param versionPage whether this is the page of {@code shown} itself rather than the brick's page
     */
    static String render(String root, BrickDetail brick, VersionDetail shown, boolean versionPage) {
        StringBuilder html = new StringBuilder(16384);
        String brickPage = root + "bricks/" + brick.id();
        html.append("<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"").append(Html.escape(root))
                .append("\">Bricks</a><span aria-hidden=\"true\">/</span><a href=\"")
                .append(Html.escape(root + "?q=" + Html.urlEncode(brick.namespace()))).append("\">")
                .append(Html.escape(brick.namespace())).append("</a><span aria-hidden=\"true\">/</span>");
        if (versionPage) {
            html.append("<a href=\"").append(Html.escape(brickPage)).append("\">").append(Html.escape(brick.name()))
                    .append("</a><span aria-hidden=\"true\">/</span><span aria-current=\"page\">")
                    .append(Html.escape(shown.version())).append("</span></nav>\n");
        } else {
            html.append("<span aria-current=\"page\">").append(Html.escape(brick.name())).append("</span></nav>\n");
        }
        title(html, root, brick, shown, versionPage);
        html.append("<div class=\"brick-layout\">\n");
        install(html, versionPage ? "brick host install " + brick.id() + "@" + shown.version() : brick.installCommand(),
                versionPage ? "Into a running host, this version exactly:"
                        : "Into a running host, accepting compatible updates:");
        html.append("<div class=\"brick-main\">\n");
        card(html, versionPage ? shown.card() : brick.card());
        versions(html, root, brick, versionPage ? shown.version() : null);
        html.append("</div>\n<aside class=\"brick-side\">\n");
        about(html, brick, shown);
        metrics(html, versionPage && shown.manifest() != null ? shown.manifest().path("metrics")
                : brick.metrics());
        capabilities(html, "Capabilities", "What the bundle provides to the host.",
                versionPage ? shown.capabilities() : brick.capabilities());
        capabilities(html, "Requirements", "What the host must offer for the bundle to resolve.",
                versionPage ? shown.requirements() : brick.requirements());
        html.append("</aside>\n</div>\n");
        return html.toString();
    }

    private static void title(StringBuilder html, String root, BrickDetail brick, VersionDetail shown,
                              boolean versionPage) {
        html.append("<header class=\"brick-title\">\n<h1><span class=\"ns\">").append(Html.escape(brick.namespace()))
                .append("/</span>").append(Html.escape(brick.name())).append("</h1>\n<div class=\"badges\">")
                .append("<span class=\"version\" title=\"").append(versionPage ? "This version" : "Latest version")
                .append("\">").append(Html.escape(versionPage ? shown.version() : brick.latest()))
                .append("</span><a class=\"badge kind\" href=\"").append(Html.escape(root + "?kind="
                        + Html.urlEncode(brick.kind()))).append("\">").append(Html.escape(brick.kind())).append("</a>");
        if (shown.yanked()) {
            html.append("<span class=\"badge yanked\" title=\"").append(versionPage ? "This version is yanked"
                    : "Every version is yanked").append("\">yanked</span>");
        }
        if (brick.copyOf() != null) {
            html.append(BrowsePage.copyBadge(root, brick.copyOf()));
        }
        html.append("</div>\n</header>\n");
        if (brick.copyOf() != null) {
            html.append("<p class=\"copy-note\">When it was first published, this brick's weights or card matched ")
                    .append("those of <a href=\"").append(Html.escape(root + "bricks/" + brick.copyOf())).append("\">")
                    .append(Html.escape(brick.copyOf())).append("</a>, published earlier in another namespace. ")
                    .append("Lists and searches show it after every original.</p>\n");
        }
        if (versionPage && !shown.version().equals(brick.latest())) {
            html.append("<p class=\"version-note\">This is version ").append(Html.escape(shown.version()))
                    .append(shown.yanked() ? ", yanked" + (shown.yankReason() == null || shown.yankReason().isBlank()
                            ? "" : ": " + Html.escape(shown.yankReason())) : "")
                    .append(". The latest is <a href=\"").append(Html.escape(root + "bricks/" + brick.id() + "/"
                            + brick.latest())).append("\">").append(Html.escape(brick.latest())).append("</a>.</p>\n");
        }
        html.append("<p class=\"lede\">").append(Html.escape(versionPage ? shown.description()
                : brick.description())).append("</p>\n");
        if (!brick.tags().isEmpty()) {
            html.append("<ul class=\"tags\" aria-label=\"Tags\">");
            for (String tag : brick.tags()) {
                html.append("<li><a class=\"tag\" href=\"").append(Html.escape(root + "?tag=" + Html.urlEncode(tag)))
                        .append("\">").append(Html.escape(tag)).append("</a></li>");
            }
            html.append("</ul>\n");
        }
    }

    private static void install(StringBuilder html, String command, String explanation) {
        html.append("<section class=\"install panel\" aria-labelledby=\"install-heading\">\n")
                .append("<h2 id=\"install-heading\">Install</h2>\n")
                .append("<p>").append(Html.escape(explanation)).append("</p>\n")
                .append("<pre class=\"command\"><code>").append(Html.escape(command))
                .append("</code></pre>\n</section>\n");
    }

    private static void card(StringBuilder html, String card) {
        String rendered = CardRenderer.render(card);
        html.append("<article class=\"card markdown\" aria-label=\"Brick card\">\n");
        if (rendered.isBlank()) {
            html.append("<p class=\"muted\">This brick has no card.</p>\n");
        } else {
            html.append(rendered);
        }
        html.append("</article>\n");
    }

    /**
     * The versions table; each version links to its page and carries a badge for every dist-tag that points at it.
     *
     * @param current the version whose page this is, marked in the table; null on the brick's page
     */
    private static void versions(StringBuilder html, String root, BrickDetail brick, String current) {
        List<VersionSummary> versions = brick.versions();
        Map<String, String> distTags = brick.distTags();
        html.append("<section class=\"versions-section\" aria-labelledby=\"versions-heading\">\n")
                .append("<h2 id=\"versions-heading\">Versions <span class=\"count-pill\">").append(versions.size())
                .append("</span></h2>\n<table class=\"versions\">\n<thead><tr><th scope=\"col\">Version</th>")
                .append("<th scope=\"col\">Published</th><th scope=\"col\" class=\"num\">Downloads</th>")
                .append("<th scope=\"col\" class=\"num\">Size</th><th scope=\"col\" class=\"digest\">SHA-256</th>")
                .append("<th scope=\"col\"><span class=\"visually-hidden\">Download</span></th></tr></thead>\n<tbody>\n");
        for (VersionSummary version : versions) {
            boolean isCurrent = version.version().equals(current);
            html.append("<tr").append(version.yanked() ? " class=\"is-yanked\"" : "")
                    .append(isCurrent ? " aria-current=\"true\"" : "").append(">")
                    .append("<td class=\"version-cell\"><a class=\"version-number\" href=\"")
                    .append(Html.escape(root + "bricks/" + brick.id() + "/" + version.version())).append("\">")
                    .append(Html.escape(version.version())).append("</a>");
            distTags.forEach((tag, tagged) -> {
                if (tagged.equals(version.version())) {
                    html.append(" <span class=\"badge dist-tag\" title=\"dist-tag: @")
                            .append(Html.escape(tag)).append(" resolves to this version\">").append(Html.escape(tag))
                            .append("</span>");
                }
            });
            if (version.yanked()) {
                html.append(" <span class=\"badge yanked\">yanked</span>");
                if (version.yankReason() != null && !version.yankReason().isBlank()) {
                    html.append("<span class=\"yank-reason\"><span class=\"yank-label\">Reason:</span> ")
                            .append(Html.escape(version.yankReason()))
                            .append("</span>");
                }
            }
            String digest = version.digest() == null ? "" : version.digest();
            String shortDigest = digest.startsWith("sha256:") && digest.length() > 7 + SHORT_DIGEST
                    ? digest.substring(7, 7 + SHORT_DIGEST) : digest;
            html.append("</td><td data-label=\"Published\">").append(time(version.publishedAt())).append("</td>")
                    .append("<td class=\"num\" data-label=\"Downloads\">")
                    .append(String.format(Locale.ROOT, "%,d", version.downloads())).append("</td>")
                    .append("<td class=\"num\" data-label=\"Size\">").append(size(version.size())).append("</td>")
                    .append("<td class=\"digest\"><code title=\"").append(Html.escape(digest)).append("\">")
                    .append(Html.escape(shortDigest)).append("</code></td>")
                    .append("<td class=\"download-cell\"><a class=\"download\" href=\"")
                    .append(Html.escape(version.downloadUrl())).append("\" download>Download")
                    .append("<span class=\"visually-hidden\"> ").append(Html.escape(version.version()))
                    .append("</span></a></td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static void about(StringBuilder html, BrickDetail brick, VersionDetail latest) {
        JsonNode manifest = latest.manifest();
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Kind", Html.escape(brick.kind())});
        facts.add(new String[] {"Origin", Html.escape(brick.origin())});
        facts.add(new String[] {"Base model", "<code>" + Html.escape(brick.baseModel()) + "</code>"});
        if (manifest != null && manifest.hasNonNull("license")) {
            facts.add(new String[] {"License", Html.escape(manifest.get("license").asText())});
        }
        if (manifest != null && manifest.path("authors").isArray() && !manifest.path("authors").isEmpty()) {
            List<String> authors = new ArrayList<>();
            manifest.path("authors").forEach(author -> authors.add(Html.escape(author.asText())));
            facts.add(new String[] {authors.size() == 1 ? "Author" : "Authors", String.join(", ", authors)});
        }
        facts.add(new String[] {"Signed by", signer(latest == null ? null : latest.signer())});
        facts.add(new String[] {"Provenance", provenance(latest == null ? null : latest.provenance())});
        facts.add(new String[] {"Downloads", String.format(Locale.ROOT, "%,d", brick.downloads())});
        facts.add(new String[] {"First published", time(brick.createdAt())});
        facts.add(new String[] {"Updated", time(brick.updatedAt())});
        if (!brick.labels().isEmpty()) {
            StringBuilder labels = new StringBuilder("<ul class=\"labels\">");
            brick.labels().forEach(label -> labels.append("<li>").append(Html.escape(label)).append("</li>"));
            facts.add(new String[] {brick.labels().size() == 1 ? "Label" : "Labels", labels.append("</ul>").toString()});
        }
        html.append("<section class=\"panel\" aria-labelledby=\"about-heading\">\n<h2 id=\"about-heading\">About</h2>\n")
                .append("<dl class=\"facts\">\n");
        for (String[] fact : facts) {
            html.append("<div><dt>").append(fact[0]).append("</dt><dd>").append(fact[1]).append("</dd></div>\n");
        }
        html.append("</dl>\n</section>\n");
    }

    private static void metrics(StringBuilder html, JsonNode metrics) {
        if (metrics == null || !metrics.isObject() || metrics.isEmpty()) {
            return;
        }
        html.append("<section class=\"panel\" aria-labelledby=\"metrics-heading\">\n")
                .append("<h2 id=\"metrics-heading\">Metrics</h2>\n<dl class=\"facts metrics\">\n");
        for (Map.Entry<String, JsonNode> metric : metrics.properties()) {
            html.append("<div><dt>").append(Html.escape(metric.getKey().replace('_', ' '))).append("</dt><dd>")
                    .append(Html.escape(number(metric.getValue()))).append("</dd></div>\n");
        }
        html.append("</dl>\n</section>\n");
    }

    private static void capabilities(StringBuilder html, String title, String explanation,
                                     List<CapabilityDocument> clauses) {
        if (clauses == null || clauses.isEmpty()) {
            return;
        }
        String id = title.toLowerCase(Locale.ROOT) + "-heading";
        html.append("<section class=\"panel\" aria-labelledby=\"").append(id).append("\">\n<h2 id=\"").append(id)
                .append("\">").append(title).append("</h2>\n<p class=\"muted small\">").append(explanation)
                .append("</p>\n<ul class=\"clauses\">\n");
        for (CapabilityDocument clause : clauses) {
            html.append("<li><code class=\"clause-namespace\">").append(Html.escape(clause.namespace()))
                    .append("</code>");
            if (!clause.attributes().isEmpty() || !clause.directives().isEmpty()) {
                html.append("<dl class=\"clause-values\">");
                clause.attributes().forEach((name, value) -> pair(html, name, "=", value));
                clause.directives().forEach((name, value) -> pair(html, name, ":=", value));
                html.append("</dl>");
            }
            html.append("</li>\n");
        }
        html.append("</ul>\n</section>\n");
    }

    private static void pair(StringBuilder html, String name, String operator, String value) {
        html.append("<div><dt>").append(Html.escape(name)).append("<span class=\"op\">").append(operator)
                .append("</span></dt><dd><code>").append(Html.escape(value)).append("</code></dd></div>");
    }

    private static String time(Instant instant) {
        if (instant == null) {
            return "";
        }
        return "<time datetime=\"" + Html.escape(instant.toString()) + "\">" + DAY.format(instant) + "</time>";
    }

    /** Bytes in SI units, as a reader compares sizes: {@code 812 B}, {@code 12.4 kB}, {@code 3.1 MB}. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 999.5 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    /** A metric as a reader wants it: at most four significant digits, no trailing zeros. */
    private static String number(JsonNode value) {
        if (value.isNumber()) {
            return new BigDecimal(value.asText()).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return value.asText();
    }
}
