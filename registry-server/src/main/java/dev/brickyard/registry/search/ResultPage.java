package dev.brickyard.registry.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One window of a ranked result list, addressed by opaque cursors. A cursor is base64url of
 * {@code offset:fingerprint}, so it replays only against the query that made it; the API and the web pages page
 * through {@link SearchIndex#search} results with the same cursors.
 *
 * @param hits the hits of this page, best first
 * @param total how many hits the query has in all
 * @param offset the position of the first hit of this page in the whole list
 * @param next the cursor of the following page, or null on the last page
 * @param previous the cursor of the preceding page, or null on the first page
 */
public record ResultPage(List<SearchHit> hits, int total, int offset, String next, String previous) {

    public ResultPage {
        hits = List.copyOf(hits);
    }

    /**
     * The page of {@code ranked} that {@code cursor} points at (the first page when it is null).
     *
     * @throws IllegalArgumentException when the cursor is malformed or was made for another query
     */
    public static ResultPage of(List<SearchHit> ranked, SearchQuery query, String cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        int offset = cursor == null ? 0 : offset(cursor, query);
        int from = Math.min(offset, ranked.size());
        int to = (int) Math.min((long) offset + limit, ranked.size());
        String next = to < ranked.size() ? cursor(to, query) : null;
        String previous = offset == 0 ? null : cursor(Math.max(0, from - limit), query);
        return new ResultPage(ranked.subList(from, to), ranked.size(), offset, next, previous);
    }

    /** The cursor of the page that starts at {@code offset}. */
    public static String cursor(int offset, SearchQuery query) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((offset + ":" + query.fingerprint()).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String cursor, SearchQuery query) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            if (parts.length == 2 && parts[1].equals(query.fingerprint())) {
                int offset = Integer.parseInt(parts[0]);
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw new IllegalArgumentException("the cursor is malformed or belongs to another query");
    }
}
