package dev.brickyard.cli;

import dev.brickyard.tools.InvalidInputException;

/**
 * The user asked for something the command cannot do as asked: a bad option value or unreadable input. The command
 * line's own kind of {@link InvalidInputException}, which the authoring library throws for bad data.
 */
public class UsageException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
