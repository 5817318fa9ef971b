package dev.brickyard.api;

import java.util.List;

/**
 * A brick named by id or reference is not installed, published or present where it was looked for. It may carry
 * the ids of existing bricks spelled closest to the one asked for, for a "did you mean".
 */
public class BrickNotFoundException extends BrickException {
    private static final long serialVersionUID = 1L;
    private final List<String> suggestions;

    public BrickNotFoundException(String message) {
        this(message, List.of());
    }

    /** @param suggestions ids of existing bricks close to the one asked for, best first; may be empty */
    public BrickNotFoundException(String message, List<String> suggestions) {
        super(message);
        this.suggestions = List.copyOf(suggestions);
    }

    /** Ids of existing bricks close to the one asked for, best first; empty when none is close or none was asked. */
    public List<String> suggestions() {
        return suggestions;
    }
}
