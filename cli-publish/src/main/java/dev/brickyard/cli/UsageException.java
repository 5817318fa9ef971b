package dev.brickyard.cli;

/** The user asked for something the command cannot do as asked: a bad option value or unreadable input. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
