package dev.brickyard.api.version;

import java.util.Objects;

/**
 * A reference to versions of a brick as users write it: {@code acme/sentiment@^1.2}, {@code acme/sentiment@1.2.0},
 * {@code acme/sentiment@stable} (a {@link DistTag dist-tag}, which only the registry can turn into a version) or just
 * {@code acme/sentiment} (any version, which resolves to the latest non-yanked release).
 *
 * @param range the versions accepted; null when the reference names a tag
 * @param tag the dist-tag named; null when the reference names a range
 */
public record BrickRef(BrickId id, VersionRange range, String tag) {

    public BrickRef {
        Objects.requireNonNull(id, "id");
        if ((range == null) == (tag == null)) {
            throw new IllegalArgumentException("a brick reference names either a version range or a tag");
        }
        if (tag != null) {
            DistTag.requireValid(tag);
        }
    }

    /** A reference by version range. */
    public BrickRef(BrickId id, VersionRange range) {
        this(id, Objects.requireNonNull(range, "range"), null);
    }

    /**
     * Parses {@code namespace/name[@range|@tag]}. What follows {@code @} is a tag when it is a valid tag name
     * ({@link DistTag#isValid}), else a version range.
     *
     * @throws IllegalArgumentException when the id, the range or the tag is malformed
     */
    public static BrickRef parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("empty brick reference");
        }
        int at = text.indexOf('@');
        if (at < 0) {
            return new BrickRef(BrickId.parse(text.trim()), VersionRange.parse("*"));
        }
        BrickId id = BrickId.parse(text.substring(0, at).trim());
        String selector = text.substring(at + 1).trim();
        if (DistTag.isValid(selector)) {
            return new BrickRef(id, null, selector);
        }
        try {
            return new BrickRef(id, VersionRange.parse(selector));
        } catch (IllegalArgumentException notARange) {
            if (!selector.isEmpty() && Character.isLetter(selector.charAt(0)) && !selector.contains(" ")) {
                throw new IllegalArgumentException("'" + selector + "' is neither a version range (^1.2, 1.2.0) nor "
                        + "a tag name (a lower-case letter, then up to 31 lower-case letters, digits or hyphens, "
                        + "e.g. stable)", notARange);
            }
            throw notARange;
        }
    }

    /** Whether the reference names a dist-tag rather than a range. */
    public boolean isTag() {
        return tag != null;
    }

    /** What follows the {@code @}: the tag, or the range as written. */
    public String selector() {
        return tag != null ? tag : range.toString();
    }

    @Override
    public String toString() {
        return id + "@" + selector();
    }
}
