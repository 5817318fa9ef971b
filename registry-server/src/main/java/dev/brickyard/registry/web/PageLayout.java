package dev.brickyard.registry.web;

import java.util.List;

/**
 * The frame every page shares: the document head with the stylesheet, the site header (with a search box on every
 * page but the list, which has its own), the main content and the footer.
 */
final class PageLayout {
    private static final String LOGO = """
            <svg class="logo" viewBox="0 0 24 20" aria-hidden="true" focusable="false">\
            <rect x="0" y="0" width="11" height="5.5" rx="1"/><rect x="13" y="0" width="11" height="5.5" rx="1"/>\
            <rect x="0" y="7.25" width="5" height="5.5" rx="1"/><rect x="7" y="7.25" width="10" height="5.5" rx="1"/>\
            <rect x="19" y="7.25" width="5" height="5.5" rx="1"/>\
            <rect x="0" y="14.5" width="11" height="5.5" rx="1"/><rect x="13" y="14.5" width="11" height="5.5" rx="1"/>\
            </svg>""";

    private PageLayout() {
    }

    /**
     * A whole HTML document.
     *
     * @param root the site root path, e.g. {@code /}
     * @param title the page's own title (escaped here), or null for the list page
     * @param searchText what the header search box shows, or null for no header search box
     * @param main the page's content, already HTML
     */
    static String document(String root, Stylesheet stylesheet, String title, String searchText, String main) {
        StringBuilder html = new StringBuilder(main.length() + 2048);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(title == null ? "" : Html.escape(title) + " · ")
                .append("Brickyard registry</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(Html.escape(stylesheet.href(root))).append("\">\n")
                .append("</head>\n<body>\n<header class=\"site-header\">\n<div class=\"wrap site-header-row\">\n")
                .append("<a class=\"brand\" href=\"").append(Html.escape(root)).append("\">").append(LOGO)
                .append("<span>Brickyard</span><span class=\"brand-sub\">registry</span></a>\n");
        if (searchText != null) {
            html.append("<form class=\"header-search\" method=\"get\" action=\"").append(Html.escape(root))
                    .append("\" role=\"search\">")
                    .append("<label class=\"visually-hidden\" for=\"header-q\">Search bricks</label>")
                    .append("<input id=\"header-q\" type=\"search\" name=\"q\" placeholder=\"Search bricks\" ")
                    .append("maxlength=\"").append(BrowseForm.MAX_QUERY_LENGTH).append("\" value=\"")
                    .append(Html.escape(searchText)).append("\">")
                    .append("<button type=\"submit\">Search</button></form>\n");
        }
        html.append("</div>\n</header>\n<main class=\"wrap\">\n").append(main).append("</main>\n")
                .append("<footer class=\"site-footer\"><div class=\"wrap\">Brickyard registry · bricks are OSGi ")
                .append("bundles with ONNX weights for a shared base model · JSON API at <a href=\"")
                .append(Html.escape(root)).append("v1/bricks\"><code>/v1/bricks</code></a></div></footer>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    /** A page that explains a failure to a reader: a heading, a sentence and a way back. */
    static String problem(String root, Stylesheet stylesheet, String title, String message, String searchText) {
        return problem(root, stylesheet, title, message, searchText, List.of());
    }

    /** A problem page with "Did you mean" links to the pages of the brick ids in {@code suggestions}. */
    static String problem(String root, Stylesheet stylesheet, String title, String message, String searchText,
                          List<String> suggestions) {
        StringBuilder main = new StringBuilder("<section class=\"problem\">\n<h1>").append(Html.escape(title))
                .append("</h1>\n<p>").append(Html.escape(message)).append("</p>\n");
        if (!suggestions.isEmpty()) {
            main.append("<p class=\"suggestions\">Did you mean ");
            for (int i = 0; i < suggestions.size(); i++) {
                String id = suggestions.get(i);
                main.append(i == 0 ? "" : i == suggestions.size() - 1 ? " or " : ", ").append("<a href=\"")
                        .append(Html.escape(root + "bricks/" + id)).append("\">").append(Html.escape(id))
                        .append("</a>");
            }
            main.append("?</p>\n");
        }
        main.append("<p><a class=\"button\" href=\"").append(Html.escape(root))
                .append("\">Browse all bricks</a></p>\n</section>\n");
        return document(root, stylesheet, title, searchText == null ? "" : searchText, main.toString());
    }
}
