package dev.brickyard.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One clause of an OSGi manifest header such as {@code Provide-Capability}:
 * {@code brick;brick="acme/sentiment";version:Version="1.2.0";kind=head} has the name {@code brick}, the
 * attributes {@code brick}, {@code version} and {@code kind} (types dropped, quotes removed) and no directives.
 */
public record HeaderClause(String name, Map<String, String> attributes, Map<String, String> directives) {
    public HeaderClause {
        attributes = Map.copyOf(attributes);
        directives = Map.copyOf(directives);
    }

    /**
     * Splits a header into clauses, honouring quoted strings.
     *
     * @throws IllegalArgumentException when a parameter has no value or a quote is not closed
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
                    attributes.put(colon < 0 ? key : key.substring(0, colon).trim(), value);
                }
            }
            clauses.add(new HeaderClause(parts.get(0).trim(), attributes, directives));
        }
        return clauses;
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
