package dev.brickyard.registry.web;

import dev.brickyard.registry.search.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the list page was asked for: the search box, the filters, the order and the page size, as parsed from the
 * query string. It makes the {@link SearchQuery} and the links back to the list with one setting changed, so the
 * pager and the filter links keep everything else the reader chose.
 *
 * @param text the search box, or null
 * @param sort the order, or null for the default (relevance)
 */
record BrowseForm(String text, String kind, String base, String tag, SearchQuery.Sort sort, int limit) {
    /** Results per page when the query string does not say. */
    static final int PAGE_SIZE = 20;
    static final int MAX_PAGE = 100;
    /** Longest accepted search text, as in the API. */
    static final int MAX_QUERY_LENGTH = 500;

    /**
     * Parses the query string parameters; blank ones mean "not set".
     *
     * @throws IllegalArgumentException with a message for the reader when a value is out of range
     */
    static BrowseForm parse(String text, String kind, String base, String tag, String sort, String limit) {
        String query = blankToNull(text);
        if (query != null && query.length() > MAX_QUERY_LENGTH) {
            throw new IllegalArgumentException("The search text is " + query.length() + " characters long; at most "
                    + MAX_QUERY_LENGTH + " are accepted.");
        }
        int size = PAGE_SIZE;
        if (blankToNull(limit) != null) {
            try {
                size = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_PAGE) {
                throw new IllegalArgumentException("limit must be a number between 1 and " + MAX_PAGE + ".");
            }
        }
        SearchQuery.Sort order = blankToNull(sort) == null ? null : SearchQuery.Sort.parse(sort.strip());
        return new BrowseForm(query, blankToNull(kind), blankToNull(base), blankToNull(tag), order, size);
    }

    /** The search this form asks for; bricks whose every version is yanked stay out of the list. */
    SearchQuery query() {
        return new SearchQuery(text, kind, null, base, tag, null, sort == null ? SearchQuery.Sort.RELEVANCE : sort,
                false);
    }

    /** Whether any filter (not the text or the order) narrows the list. */
    boolean filtered() {
        return kind != null || base != null || tag != null;
    }

    BrowseForm withText(String value) {
        return new BrowseForm(value, kind, base, tag, sort, limit);
    }

    BrowseForm withKind(String value) {
        return new BrowseForm(text, value, base, tag, sort, limit);
    }

    BrowseForm withBase(String value) {
        return new BrowseForm(text, kind, value, tag, sort, limit);
    }

    BrowseForm withTag(String value) {
        return new BrowseForm(text, kind, base, value, sort, limit);
    }

    /** The list page under {@code root} for this form, at the page {@code cursor} points to (null: the first). */
    String href(String root, String cursor) {
        List<String> parameters = new ArrayList<>();
        add(parameters, "q", text);
        add(parameters, "kind", kind);
        add(parameters, "tag", tag);
        add(parameters, "base", base);
        add(parameters, "sort", sort == null ? null : sort.name().toLowerCase(Locale.ROOT));
        add(parameters, "limit", limit == PAGE_SIZE ? null : Integer.toString(limit));
        add(parameters, "cursor", cursor);
        return parameters.isEmpty() ? root : root + "?" + String.join("&", parameters);
    }

    private static void add(List<String> parameters, String name, String value) {
        if (value != null) {
            parameters.add(name + "=" + Html.urlEncode(value));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
