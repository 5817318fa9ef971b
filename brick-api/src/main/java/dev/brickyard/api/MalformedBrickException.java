package dev.brickyard.api;

import dev.brickyard.api.manifest.Violation;
import java.util.List;

/**
 * A brick archive or manifest breaks the format: it is not a zip, lacks {@code brick.json}, violates the schema,
 * carries weights that do not load or have the wrong shapes. Every violation found is listed, not only the first.
 */
public class MalformedBrickException extends BrickException {
    private static final long serialVersionUID = 1L;
    private final List<Violation> violations;

    public MalformedBrickException(String message) {
        this(message, List.of(), null);
    }

    public MalformedBrickException(String message, Throwable cause) {
        this(message, List.of(), cause);
    }

    public MalformedBrickException(String message, List<Violation> violations) {
        this(message, violations, null);
    }

    public MalformedBrickException(String message, List<Violation> violations, Throwable cause) {
        super(describe(message, violations), cause);
        this.violations = List.copyOf(violations);
    }

    /** The individual problems, each with the JSON path or archive entry it concerns; empty when there is one. */
    public List<Violation> violations() {
        return violations;
    }

    private static String describe(String message, List<Violation> violations) {
        if (violations.isEmpty()) {
            return message;
        }
        StringBuilder text = new StringBuilder(message).append(" (").append(violations.size())
                .append(violations.size() == 1 ? " problem)" : " problems)");
        for (Violation violation : violations) {
            text.append(System.lineSeparator()).append("  ").append(violation);
        }
        return text.toString();
    }
}
