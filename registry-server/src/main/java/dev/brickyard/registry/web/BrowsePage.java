package dev.brickyard.registry.web;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.http.registry.BrickSummary;
import dev.brickyard.registry.search.ResultPage;
import dev.brickyard.registry.search.SearchHit;
import dev.brickyard.registry.search.SearchQuery;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The list page: the search form with its filters and order, one entry per brick of the current page, and the pager.
 * The ranking is {@link dev.brickyard.registry.search.SearchIndex}'s; this class only lays it out.
 */
final class BrowsePage {
    /** Most tags offered in the tag filter: the most used ones. */
    static final int TAG_CHOICES = 60;

    /**
     * The values the filters offer, taken from every listed brick.
     *
     * @param tags the most used tags, alphabetically
     * @param bases the base models, alphabetically
     */
    record Choices(List<String> tags, List<String> bases) {

        static Choices of(List<SearchHit> everything) {
            Map<String, Long> tagCounts = everything.stream().flatMap(hit -> hit.latest().tags().stream())
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            List<String> tags = tagCounts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(TAG_CHOICES).map(Map.Entry::getKey).sorted().toList();
            List<String> bases = everything.stream().map(hit -> hit.latest().baseModel())
                    .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
            return new Choices(tags, bases);
        }
    }

    private BrowsePage() {
    }

    /**
     * The content of the list page.
     *
     * @param root the site root path, e.g. {@code /}
     * @param items the page's bricks as the API documents them, in rank order
     */
    static String render(String root, BrowseForm form, ResultPage page, List<BrickSummary> items, Choices choices) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<section class=\"intro\">\n<h1>Bricks</h1>\n<p class=\"lede\">Heads, knowledge, adapters and ")
                .append("recipes for a shared base model, packaged as OSGi bundles. Install one into a running host ")
                .append("with <code>brick host install</code>.</p>\n</section>\n");
        searchForm(html, root, form, choices);
        summary(html, root, form, page);
        if (items.isEmpty()) {
            html.append("<div class=\"empty\"><p>No brick matches").append(form.text() == null ? ""
                    : " “" + Html.escape(form.text()) + "”").append(form.filtered() ? " with these filters" : "")
                    .append(".</p>");
            if (form.text() != null || form.filtered()) {
                html.append("<p><a href=\"").append(Html.escape(root)).append("\">Show all bricks</a></p>");
            }
            html.append("</div>\n");
        } else {
            html.append("<ol class=\"results\">\n");
            for (BrickSummary item : items) {
                result(html, root, form, item);
            }
            html.append("</ol>\n");
        }
        pager(html, root, form, page);
        return html.toString();
    }

    private static void searchForm(StringBuilder html, String root, BrowseForm form, Choices choices) {
        html.append("<form class=\"search\" method=\"get\" action=\"").append(Html.escape(root))
                .append("\" role=\"search\">\n<div class=\"search-row\">")
                .append("<label class=\"visually-hidden\" for=\"q\">Search bricks</label>")
                .append("<input id=\"q\" type=\"search\" name=\"q\" placeholder=\"Search bricks\" ")
                .append("maxlength=\"").append(BrowseForm.MAX_QUERY_LENGTH).append("\" value=\"")
                .append(Html.escape(form.text())).append("\">")
                .append("<button type=\"submit\">Search</button></div>\n<div class=\"filters\">\n");
        List<String> kinds = Arrays.stream(BrickKind.values()).map(BrickKind::jsonName).toList();
        select(html, "kind", "Kind", "Any kind", kinds, form.kind());
        select(html, "tag", "Tag", "Any tag", choices.tags(), form.tag());
        select(html, "base", "Base model", "Any model", choices.bases(), form.base());
        html.append("<label class=\"filter\"><span>Sort by</span><select name=\"sort\">");
        for (SearchQuery.Sort sort : SearchQuery.Sort.values()) {
            String value = sort.name().toLowerCase(Locale.ROOT);
            boolean selected = form.sort() == null ? sort == SearchQuery.Sort.RELEVANCE : form.sort() == sort;
            html.append("<option value=\"").append(value).append('"').append(selected ? " selected" : "").append('>')
                    .append(switch (sort) {
                        case RELEVANCE -> "Relevance";
                        case DOWNLOADS -> "Most downloaded";
                        case NEWEST -> "Newest";
                    }).append("</option>");
        }
        html.append("</select></label>\n");
        if (form.limit() != BrowseForm.PAGE_SIZE) {
            html.append("<input type=\"hidden\" name=\"limit\" value=\"").append(form.limit()).append("\">");
        }
        html.append("</div>\n</form>\n");
    }

    private static void select(StringBuilder html, String name, String label, String any, List<String> values,
                               String selected) {
        html.append("<label class=\"filter\"><span>").append(label).append("</span><select name=\"").append(name)
                .append("\"><option value=\"\">").append(any).append("</option>");
        // A value from the query string that no brick has any more stays selectable, so the form says what it shows.
        List<String> offered = selected == null || values.contains(selected) ? values
                : Stream.concat(values.stream(), Stream.of(selected)).toList();
        for (String value : offered) {
            html.append("<option value=\"").append(Html.escape(value)).append('"')
                    .append(value.equals(selected) ? " selected" : "").append('>').append(Html.escape(value))
                    .append("</option>");
        }
        html.append("</select></label>\n");
    }

    /** The count and the active filters, each with a link that removes it. */
    private static void summary(StringBuilder html, String root, BrowseForm form, ResultPage page) {
        html.append("<div class=\"result-bar\">\n<p class=\"count\"><strong>")
                .append(String.format(Locale.ROOT, "%,d", page.total())).append("</strong> ")
                .append(page.total() == 1 ? "brick" : "bricks");
        if (form.text() != null) {
            html.append(" for “").append(Html.escape(form.text())).append("”");
        }
        html.append("</p>\n");
        if (form.filtered() || form.text() != null) {
            html.append("<ul class=\"chips\" aria-label=\"Active filters\">");
            if (form.text() != null) {
                chip(html, "text", form.text(), form.withText(null).href(root, null));
            }
            if (form.kind() != null) {
                chip(html, "kind", form.kind(), form.withKind(null).href(root, null));
            }
            if (form.tag() != null) {
                chip(html, "tag", form.tag(), form.withTag(null).href(root, null));
            }
            if (form.base() != null) {
                chip(html, "base", form.base(), form.withBase(null).href(root, null));
            }
            html.append("</ul>\n");
        }
        html.append("</div>\n");
    }

    private static void chip(StringBuilder html, String name, String value, String without) {
        html.append("<li><a class=\"chip\" href=\"").append(Html.escape(without)).append("\" title=\"Remove this ")
                .append(name).append(" filter\"><span class=\"chip-name\">").append(name).append(":</span> ")
                .append(Html.escape(value)).append(" <span aria-hidden=\"true\">×</span>")
                .append("<span class=\"visually-hidden\">(remove)</span></a></li>");
    }

    private static void result(StringBuilder html, String root, BrowseForm form, BrickSummary item) {
        String href = root + "bricks/" + item.namespace() + "/" + item.name();
        html.append("<li class=\"result\">\n<div class=\"result-head\"><a class=\"brick-id\" href=\"")
                .append(Html.escape(href)).append("\"><span class=\"ns\">").append(Html.escape(item.namespace()))
                .append("/</span>").append(Html.escape(item.name())).append("</a>")
                .append("<span class=\"version\" title=\"Latest version\">").append(Html.escape(item.latestVersion()))
                .append("</span><a class=\"badge kind\" href=\"")
                .append(Html.escape(form.withKind(item.kind()).href(root, null))).append("\" title=\"Only ")
                .append(Html.escape(item.kind())).append(" bricks\">").append(Html.escape(item.kind())).append("</a>");
        if (item.yanked()) {
            html.append("<span class=\"badge yanked\">yanked</span>");
        }
        if (item.copyOf() != null) {
            html.append(copyBadge(root, item.copyOf()));
        }
        html.append("</div>\n<p class=\"description\">").append(Html.escape(item.description())).append("</p>\n")
                .append("<div class=\"result-meta\">");
        if (!item.tags().isEmpty()) {
            html.append("<ul class=\"tags\" aria-label=\"Tags\">");
            for (String tag : item.tags()) {
                html.append("<li><a class=\"tag\" href=\"").append(Html.escape(form.withTag(tag).href(root, null)))
                        .append("\">").append(Html.escape(tag)).append("</a></li>");
            }
            html.append("</ul>");
        }
        html.append("<span class=\"downloads\"><strong>").append(String.format(Locale.ROOT, "%,d", item.downloads()))
                .append("</strong> ").append(item.downloads() == 1 ? "download" : "downloads").append("</span>")
                .append("</div>\n</li>\n");
    }

    /** The mark of a copy, linking to its original's page; the brick page shows it too. */
    static String copyBadge(String root, String original) {
        return "<a class=\"badge copy\" href=\"" + Html.escape(root + "bricks/" + original) + "\" title=\"Its "
                + "weights or card are those of " + Html.escape(original) + ": listed after every original\">copy of "
                + Html.escape(original) + "</a>";
    }

    private static void pager(StringBuilder html, String root, BrowseForm form, ResultPage page) {
        if (page.next() == null && page.previous() == null) {
            return;
        }
        int first = Math.min(page.offset() + 1, page.total());
        int last = Math.min(page.offset() + page.hits().size(), page.total());
        html.append("<nav class=\"pager\" aria-label=\"Pages\">");
        if (page.previous() != null) {
            html.append("<a rel=\"prev\" href=\"").append(Html.escape(form.href(root, page.previous())))
                    .append("\">← Previous</a>");
        } else {
            html.append("<span class=\"pager-off\">← Previous</span>");
        }
        html.append("<span class=\"pager-where\">").append(String.format(Locale.ROOT, "%,d–%,d of %,d", first, last,
                page.total())).append("</span>");
        if (page.next() != null) {
            html.append("<a rel=\"next\" href=\"").append(Html.escape(form.href(root, page.next())))
                    .append("\">Next →</a>");
        } else {
            html.append("<span class=\"pager-off\">Next →</span>");
        }
        html.append("</nav>\n");
    }
}
