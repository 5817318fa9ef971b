package dev.brickyard.api.version;

import java.util.regex.Pattern;

/**
 * A distribution tag, npm's dist-tag: a name such as {@code stable} or {@code beta} that a namespace's owner points at
 * one version of a brick and moves later, so that {@code acme/sentiment@stable} follows the owner's choice instead of
 * a version range. {@link #LATEST} is implicit: it always names the newest non-yanked release (the newest non-yanked
 * pre-release when a brick has no release) and cannot be set or removed.
 *
 * <p>A name is a lower-case letter followed by up to 31 lower-case letters, digits and hyphens, and must not read as
 * a version range: {@code x} (a wildcard) and {@code v} followed by a digit ({@code v1}, {@code v2-rc}) are refused,
 * so a reference's {@code @...} part is either a tag or a range, never both. {@code download} is refused too: the
 * registry's {@code /v1/bricks/{ns}/{name}/{version}/download} would answer for {@code .../tags/download}.
 */
public final class DistTag {
    /** The implicit tag: the newest non-yanked release. */
    public static final String LATEST = "latest";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern VERSION_LIKE = Pattern.compile("x|v\\d.*");
    private static final String SHADOWED = "download";

    private DistTag() {
    }

    /** Whether the text is a tag name (possibly {@link #LATEST}). */
    public static boolean isValid(String text) {
        return text != null && NAME.matcher(text).matches() && !VERSION_LIKE.matcher(text).matches()
                && !text.equals(SHADOWED);
    }

    /**
     * The tag name, checked.
     *
     * @throws IllegalArgumentException saying what a tag name may be
     */
    public static String requireValid(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a tag name: a lower-case letter, then up to 31 "
                    + "lower-case letters, digits or hyphens, not a version (x, v1), not 'download' (e.g. stable, beta, lts-2)");
        }
        return text;
    }

    /**
     * A tag name an owner may set or remove: valid and not {@link #LATEST}.
     *
     * @throws IllegalArgumentException when the name is malformed or is {@code latest}
     */
    public static String requireSettable(String text) {
        requireValid(text);
        if (text.equals(LATEST)) {
            throw new IllegalArgumentException("'latest' is implicit (the newest non-yanked release) and cannot be "
                    + "set or removed; use another tag, e.g. stable");
        }
        return text;
    }
}
