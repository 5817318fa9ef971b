package dev.brickyard.api.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0.0): {@code MAJOR.MINOR.PATCH[-PRE.RELEASE][+BUILD]}, ordered by semver
 * precedence (build metadata is ignored when comparing, pre-releases sort before their release).
 */
public record SemVer(int major, int minor, int patch, List<String> preRelease, String build)
        implements Comparable<SemVer> {

    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
                    + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    public SemVer {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
        preRelease = List.copyOf(preRelease);
        build = build == null ? "" : build;
    }

    /** A release version without pre-release or build parts. */
    public static SemVer of(int major, int minor, int patch) {
        return new SemVer(major, minor, patch, List.of(), "");
    }

    /**
     * Parses a full semantic version.
     *
     * @throws IllegalArgumentException naming the text when it is not a semantic version
     */
    public static SemVer parse(String text) {
        Matcher matcher = SEMVER.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a semantic version (MAJOR.MINOR.PATCH[-PRE][+BUILD]): '"
                    + text + "'");
        }
        List<String> pre = matcher.group(4) == null ? List.of() : List.of(matcher.group(4).split("\\."));
        return new SemVer(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)), pre, matcher.group(5));
    }

    /** Whether the text is a valid semantic version. */
    public static boolean isValid(String text) {
        return text != null && SEMVER.matcher(text).matches();
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** The same version without pre-release and build parts. */
    public SemVer release() {
        return of(major, minor, patch);
    }

    /**
     * The OSGi {@code Bundle-Version} for this version. OSGi qualifiers allow no dots, so pre-release and build
     * identifiers are joined with underscores; note that OSGi sorts a qualified version after its release.
     */
    public String toOsgiVersion() {
        List<String> qualifier = new ArrayList<>(preRelease);
        if (!build.isEmpty()) {
            qualifier.add(build.replace('.', '_'));
        }
        String base = major + "." + minor + "." + patch;
        return qualifier.isEmpty() ? base : base + "." + String.join("_", qualifier);
    }

    @Override
    public int compareTo(SemVer other) {
        int result = Integer.compare(major, other.major);
        if (result == 0) {
            result = Integer.compare(minor, other.minor);
        }
        if (result == 0) {
            result = Integer.compare(patch, other.patch);
        }
        return result != 0 ? result : comparePreRelease(preRelease, other.preRelease);
    }

    private static int comparePreRelease(List<String> left, List<String> right) {
        if (left.isEmpty() || right.isEmpty()) {
            return Boolean.compare(left.isEmpty(), right.isEmpty());
        }
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int result = compareIdentifier(left.get(i), right.get(i));
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    private static int compareIdentifier(String left, String right) {
        boolean leftNumeric = left.chars().allMatch(Character::isDigit);
        boolean rightNumeric = right.chars().allMatch(Character::isDigit);
        if (leftNumeric && rightNumeric) {
            return left.length() != right.length() ? Integer.compare(left.length(), right.length())
                    : left.compareTo(right);
        }
        if (leftNumeric != rightNumeric) {
            return leftNumeric ? -1 : 1;
        }
        return left.compareTo(right);
    }

    /** Semver equality ignores build metadata, as precedence does. */
    public boolean sameVersionAs(SemVer other) {
        return compareTo(Objects.requireNonNull(other)) == 0;
    }

    @Override
    public String toString() {
        String text = major + "." + minor + "." + patch;
        if (!preRelease.isEmpty()) {
            text += "-" + String.join(".", preRelease);
        }
        return build.isEmpty() ? text : text + "+" + build;
    }
}
