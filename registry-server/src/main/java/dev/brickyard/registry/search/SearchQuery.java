package dev.brickyard.registry.search;

/**
 * What a search asks for. Every field but {@code sort} may be null (no filter).
 *
 * @param text free text, matched against names, tags, labels and descriptions and by meaning
 * @param includeYanked also list bricks whose every version is yanked
 */
public record SearchQuery(String text, String kind, String origin, String base, String tag, String label, Sort sort,
                          boolean includeYanked) {

    /** Result order; relevance falls back to downloads when there is no text. */
    public enum Sort {
        RELEVANCE, DOWNLOADS, NEWEST;

        public static Sort parse(String text) {
            for (Sort sort : values()) {
                if (sort.name().equalsIgnoreCase(text)) {
                    return sort;
                }
            }
            throw new IllegalArgumentException("sort must be relevance, downloads or newest, not '" + text + "'");
        }
    }

    /** A stable fingerprint of the query, so a cursor cannot be replayed against another query. */
    public String fingerprint() {
        return Integer.toHexString(java.util.Objects.hash(text, kind, origin, base, tag, label, sort, includeYanked));
    }
}
