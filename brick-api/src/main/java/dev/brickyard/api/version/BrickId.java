package dev.brickyard.api.version;

import java.util.regex.Pattern;

/**
 * A brick's name, {@code namespace/name}, both parts lower-case letters, digits and hyphens, starting with a
 * letter or digit and at most 64 characters. The namespace is what a publisher owns.
 */
public record BrickId(String namespace, String name) implements Comparable<BrickId> {
    private static final String PART = "[a-z0-9][a-z0-9-]{0,63}";
    private static final Pattern ID = Pattern.compile("(" + PART + ")/(" + PART + ")");

    public BrickId {
        if (namespace == null || !namespace.matches(PART) || name == null || !name.matches(PART)) {
            throw new IllegalArgumentException("not a brick id (namespace/name, lower-case letters, digits and "
                    + "hyphens): '" + namespace + "/" + name + "'");
        }
    }

    /**
     * Parses {@code namespace/name}.
     *
     * @throws IllegalArgumentException naming the text when it is not a brick id
     */
    public static BrickId parse(String text) {
        var matcher = ID.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a brick id (namespace/name, lower-case letters, digits and "
                    + "hyphens): '" + text + "'");
        }
        return new BrickId(matcher.group(1), matcher.group(2));
    }

    public static boolean isValid(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** The OSGi {@code Bundle-SymbolicName} of the brick's bundle: {@code namespace.name}. */
    public String symbolicName() {
        return namespace + "." + name;
    }

    @Override
    public int compareTo(BrickId other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
