package dev.brickyard.api.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One clause of an OSGi manifest header such as {@code Provide-Capability}:
 * {@code brick;brick="acme/sentiment";version:Version="1.2.0";kind=head} has the name {@code brick}, the
 * attributes {@code brick}, {@code version} and {@code kind} (quotes removed, keys without their types), the
 * attribute type {@code version → Version} and no directives.
 *
 * @param attributes each attribute's value, keyed by its bare name, in header order
 * @param directives each directive's value, keyed by its name without {@code :=}, in header order
 * @param attributeTypes the declared type of each attribute that declares one other than {@code String}
 *                       ({@code Version}, {@code Long}, {@code Double}, {@code List}, {@code List<Long>} ...);
 *                       an attribute without an entry is a String, as OSGi says. Kept apart from
 *                       {@code attributes} so code that only wants the text needs no change.
 */
public record HeaderClause(String name, Map<String, String> attributes, Map<String, String> directives,
                           Map<String, String> attributeTypes) {
    /** The scalar types of the OSGi Core spec (3.7.1); lists are {@code List} or {@code List<scalar>}. */
    private static final List<String> SCALAR_TYPES = List.of("String", "Version", "Long", "Double");
    private static final Pattern OSGI_VERSION = Pattern.compile("\\d+(\\.\\d+(\\.\\d+(\\.[A-Za-z0-9_-]+)?)?)?");

    public HeaderClause {
        attributes = ordered(attributes);
        directives = ordered(directives);
        attributeTypes = Map.copyOf(attributeTypes);
    }

    /** A clause whose attributes are all Strings. */
    public HeaderClause(String name, Map<String, String> attributes, Map<String, String> directives) {
        this(name, attributes, directives, Map.of());
    }

    /** The declared type of an attribute, {@code String} when it declares none. */
    public String attributeType(String attribute) {
        return attributeTypes.getOrDefault(attribute, "String");
    }

    /**
     * Splits a header into clauses, honouring quoted strings.
     *
     * @throws IllegalArgumentException when a parameter has no value, a quote is not closed, an attribute declares
     *                                  a type OSGi does not know or a value that is not of its declared type
     */
    public static List<HeaderClause> parse(String header) {
        List<HeaderClause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            Map<String, String> types = new LinkedHashMap<>();
            for (String parameter : parts.subList(1, parts.size())) {
                int equals = parameter.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("parameter '" + parameter + "' has no value in '" + header + "'");
                }
                boolean directive = parameter.charAt(equals - 1) == ':';
                String key = parameter.substring(0, directive ? equals - 1 : equals).trim();
                String value = unquote(parameter.substring(equals + 1).trim());
                if (directive) {
                    directives.put(key, value);
                } else {
                    int colon = key.indexOf(':');
                    String attribute = colon < 0 ? key : key.substring(0, colon).trim();
                    attributes.put(attribute, value);
                    types.remove(attribute);
                    if (colon >= 0) {
                        String type = checkedType(key.substring(colon + 1), attribute, value);
                        if (!type.equals("String")) {
                            types.put(attribute, type);
                        }
                    }
                }
            }
            clauses.add(new HeaderClause(parts.get(0).trim(), attributes, directives, types));
        }
        return clauses;
    }

    /** The type without spaces, after checking that OSGi knows it and that the value is of it. */
    private static String checkedType(String declared, String attribute, String value) {
        String type = declared.replaceAll("\\s", "");
        String element = type.equals("List") ? "String"
                : type.startsWith("List<") && type.endsWith(">") ? type.substring(5, type.length() - 1) : null;
        if (!SCALAR_TYPES.contains(element == null ? type : element)) {
            throw new IllegalArgumentException("attribute '" + attribute + "' has the type '" + declared.trim()
                    + "'; OSGi knows String, Version, Long, Double and List<...> of them");
        }
        if (element == null) {
            checkScalar(type, attribute, value);
        } else if (!value.isEmpty()) {
            for (String item : value.split("(?<!\\\\),", -1)) {
                checkScalar(element, attribute, item.trim());
            }
        }
        return type;
    }

    private static void checkScalar(String type, String attribute, String text) {
        String value = text.trim();
        boolean valid = switch (type) {
            case "Version" -> OSGI_VERSION.matcher(value).matches();
            case "Long" -> value.matches("[+-]?\\d+") && fitsLong(value);
            case "Double" -> isDouble(value);
            default -> true;
        };
        if (!valid) {
            throw new IllegalArgumentException("attribute '" + attribute + "' is declared " + type + " but its value '"
                    + value + "' is not one");
        }
    }

    private static boolean fitsLong(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDouble(String value) {
        try {
            Double.parseDouble(value);
            return !value.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** An unmodifiable copy that keeps the header's order, so what is written from a clause reads like its header. */
    private static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < text.length()) {
                part.append(c);
                c = text.charAt(++i);
            } else if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        if (quoted) {
            throw new IllegalArgumentException("unclosed quote in '" + text + "'");
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
