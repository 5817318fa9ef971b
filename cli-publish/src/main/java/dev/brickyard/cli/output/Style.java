package dev.brickyard.cli.output;

/** How a piece of terminal output is highlighted; plain text when colours are off. */
public enum Style {
    PLAIN(""), BOLD("\u001B[1m"), DIM("\u001B[2m"), GREEN("\u001B[32m"), YELLOW("\u001B[33m"), RED("\u001B[31m"),
    CYAN("\u001B[36m");

    private static final String RESET = "\u001B[0m";
    private final String code;

    Style(String code) {
        this.code = code;
    }

    /** {@code text} in this style, or unchanged when {@code colours} is false. */
    public String apply(String text, boolean colours) {
        return !colours || code.isEmpty() || text.isEmpty() ? text : code + text + RESET;
    }
}
