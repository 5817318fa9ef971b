package dev.brickyard.api.version;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of acceptable versions, written as in npm and cargo:
 * <ul>
 *   <li>{@code 1.2.3} or {@code =1.2.3}: exactly that version;</li>
 *   <li>{@code ^1.2}: compatible with 1.2.0, i.e. {@code >=1.2.0 <2.0.0} ({@code ^0.2.1} means
 *       {@code >=0.2.1 <0.3.0});</li>
 *   <li>{@code ~1.2.3}: patch updates, {@code >=1.2.3 <1.3.0} ({@code ~1} means {@code >=1.0.0 <2.0.0});</li>
 *   <li>{@code >=1.0 <2}: comparators separated by spaces, all must hold; for {@code >=} and {@code <} missing
 *       parts are zero, while {@code >1.2} means {@code >=1.3.0} and {@code <=1.2} means {@code <1.3.0};</li>
 *   <li>{@code 1.x}, {@code 1.2.*}, {@code *}: wildcards;</li>
 *   <li>{@code A || B}: either.</li>
 * </ul>
 * Pre-release versions match only when a comparator of the same alternative names a pre-release of the same
 * {@code MAJOR.MINOR.PATCH}, so {@code ^1.2} never picks {@code 2.0.0-rc.1}.
 */
public final class VersionRange {
    private static final Pattern COMPARATOR = Pattern.compile(
            "(\\^|~|>=|<=|>|<|=)?\\s*(\\*|x|X|0|[1-9]\\d{0,8})(?:\\.(\\*|x|X|0|[1-9]\\d{0,8}))?"
                    + "(?:\\.(\\*|x|X|0|[1-9]\\d{0,8}))?(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private final String text;
    private final List<List<Bound>> alternatives;

    private record Bound(String operator, SemVer version) {
        boolean accepts(SemVer candidate) {
            int order = candidate.compareTo(version);
            return switch (operator) {
                case ">=" -> order >= 0;
                case ">" -> order > 0;
                case "<=" -> order <= 0;
                case "<" -> order < 0;
                default -> order == 0;
            };
        }
    }

    private VersionRange(String text, List<List<Bound>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /**
     * Parses a range.
     *
     * @throws IllegalArgumentException naming the part that is not a valid comparator
     */
    public static VersionRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty version range");
        }
        List<List<Bound>> alternatives = new ArrayList<>();
        for (String alternative : text.trim().split("\\s*\\|\\|\\s*", -1)) {
            if (alternative.isBlank()) {
                throw new IllegalArgumentException("empty alternative in version range '" + text + "'");
            }
            List<Bound> bounds = new ArrayList<>();
            String rest = alternative.trim().replaceAll("(\\^|~|>=|<=|>|<|=)\\s+", "$1");
            for (String comparator : rest.split("[\\s,]+")) {
                bounds.addAll(parseComparator(comparator, text));
            }
            alternatives.add(bounds);
        }
        return new VersionRange(text.trim(), alternatives);
    }

    /** The range that accepts exactly one version. */
    public static VersionRange exactly(SemVer version) {
        return new VersionRange("=" + version, List.of(List.of(new Bound("=", version))));
    }

    private static List<Bound> parseComparator(String comparator, String wholeRange) {
        Matcher matcher = COMPARATOR.matcher(comparator);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + comparator + "' in version range '" + wholeRange
                    + "' is not a comparator such as ^1.2, ~1.2.3, >=1.0 or 1.2.3");
        }
        String operator = matcher.group(1) == null ? "=" : matcher.group(1);
        Integer major = number(matcher.group(2));
        Integer minor = number(matcher.group(3));
        Integer patch = number(matcher.group(4));
        List<String> pre = matcher.group(5) == null ? List.of() : List.of(matcher.group(5).substring(1).split("\\."));
        if ((major == null && minor != null) || (minor == null && patch != null)) {
            throw new IllegalArgumentException("'" + comparator + "' in version range '" + wholeRange
                    + "': a wildcard can only be followed by wildcards, e.g. 1.x, 1.x.x or 1.2.*");
        }
        if (!pre.isEmpty() && patch == null) {
            throw new IllegalArgumentException("'" + comparator + "' in version range '" + wholeRange
                    + "': a pre-release needs a full version, e.g. 1.2.0-rc.1");
        }
        if (!pre.isEmpty()) {
            SemVer.parse(major + "." + minor + "." + patch + matcher.group(5));
        }
        if (major == null) {
            return operator.equals("=") ? List.of(new Bound(">=", SemVer.of(0, 0, 0))) : throwWildcard(comparator);
        }
        SemVer low = new SemVer(major, orZero(minor), orZero(patch), pre, "");
        boolean partial = minor == null || patch == null;
        return switch (operator) {
            case "^" -> List.of(new Bound(">=", low), new Bound("<", caretCeiling(major, minor, patch)));
            case "~" -> List.of(new Bound(">=", low), new Bound("<",
                    minor == null ? SemVer.of(major + 1, 0, 0) : SemVer.of(major, minor + 1, 0)));
            case "=" -> partial ? List.of(new Bound(">=", low), new Bound("<", nextAfterPartial(major, minor)))
                    : List.of(new Bound("=", low));
            case ">" -> List.of(partial ? new Bound(">=", nextAfterPartial(major, minor)) : new Bound(">", low));
            case "<=" -> List.of(partial ? new Bound("<", nextAfterPartial(major, minor)) : new Bound("<=", low));
            default -> List.of(new Bound(operator, low));
        };
    }

    private static List<Bound> throwWildcard(String comparator) {
        throw new IllegalArgumentException("'" + comparator + "': a wildcard cannot follow an operator");
    }

    private static SemVer caretCeiling(int major, Integer minor, Integer patch) {
        if (major > 0 || minor == null) {
            return SemVer.of(major + 1, 0, 0);
        }
        if (minor > 0 || patch == null) {
            return SemVer.of(0, minor + 1, 0);
        }
        return SemVer.of(0, 0, patch + 1);
    }

    private static SemVer nextAfterPartial(int major, Integer minor) {
        return minor == null ? SemVer.of(major + 1, 0, 0) : SemVer.of(major, minor + 1, 0);
    }

    private static Integer number(String part) {
        if (part == null || part.equals("*") || part.equalsIgnoreCase("x")) {
            return null;
        }
        return Integer.parseInt(part);
    }

    private static int orZero(Integer part) {
        return part == null ? 0 : part;
    }

    /** Whether the version is in this range. */
    public boolean contains(SemVer version) {
        for (List<Bound> bounds : alternatives) {
            if (bounds.stream().allMatch(bound -> bound.accepts(version))
                    && (!version.isPreRelease() || namesPreReleaseOf(bounds, version))) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesPreReleaseOf(List<Bound> bounds, SemVer version) {
        return bounds.stream().anyMatch(bound -> bound.version().isPreRelease()
                && bound.version().release().equals(version.release()));
    }

    /** The highest version in the range, if any. */
    public Optional<SemVer> best(Collection<SemVer> candidates) {
        return candidates.stream().filter(this::contains).max(SemVer::compareTo);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VersionRange range && range.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /**
     * The range as an LDAP filter on an OSGi {@code version} attribute, for a {@code Require-Capability} clause, e.g.
     * {@code ^1.2} as {@code (&(version>=1.2.0)(!(version>=2.0.0)))}. OSGi versions know no pre-release order, so
     * a pre-release bound is written with its release numbers (the resolver's answer is then checked against the
     * range itself).
     */
    public String toOsgiFilter(String attribute) {
        List<String> options = new ArrayList<>();
        for (List<Bound> bounds : alternatives) {
            List<String> terms = new ArrayList<>();
            for (Bound bound : bounds) {
                String version = bound.version().toOsgiVersion();
                terms.add(switch (bound.operator()) {
                    case ">=" -> "(" + attribute + ">=" + version + ")";
                    case ">" -> "(!(" + attribute + "<=" + version + "))";
                    case "<=" -> "(" + attribute + "<=" + version + ")";
                    case "<" -> "(!(" + attribute + ">=" + version + "))";
                    default -> "(" + attribute + "=" + version + ")";
                });
            }
            options.add(terms.isEmpty() ? "(" + attribute + "=*)"
                    : terms.size() == 1 ? terms.get(0) : "(&" + String.join("", terms) + ")");
        }
        return options.size() == 1 ? options.get(0) : "(|" + String.join("", options) + ")";
    }

    /** The range as it was written. */
    @Override
    public String toString() {
        return text;
    }
}
