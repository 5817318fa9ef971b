package dev.brickyard.api.version;

/**
 * A reference to versions of a brick as users write it: {@code acme/sentiment@^1.2}, {@code acme/sentiment@1.2.0}
 * or just {@code acme/sentiment} (any version, which resolves to the latest non-yanked release).
 */
public record BrickRef(BrickId id, VersionRange range) {

    /**
     * Parses {@code namespace/name[@range]}.
     *
     * @throws IllegalArgumentException when the id or the range is malformed
     */
    public static BrickRef parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("empty brick reference");
        }
        int at = text.indexOf('@');
        if (at < 0) {
            return new BrickRef(BrickId.parse(text.trim()), VersionRange.parse("*"));
        }
        return new BrickRef(BrickId.parse(text.substring(0, at).trim()), VersionRange.parse(text.substring(at + 1)));
    }

    @Override
    public String toString() {
        return id + "@" + range;
    }
}
