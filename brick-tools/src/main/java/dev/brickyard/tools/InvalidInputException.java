package dev.brickyard.tools;

/**
 * The author's input cannot be used as given: a data file that does not parse or is too small, a parameter out of
 * range, a brick folder that is not one. The message names the input and what is wrong with it; the command line
 * answers it as a usage error.
 */
public class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
