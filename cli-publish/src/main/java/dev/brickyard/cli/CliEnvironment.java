package dev.brickyard.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command reads from the world around it rather than from its arguments: environment variables, the
 * user's home and whether a person is watching at a terminal. Commands take it in their constructor (see
 * {@code BrickCli.commandLine(CliEnvironment)} in brick-dist), so tests run them with variables and folders of their own.
 *
 * @param variables the process environment
 * @param userHome the user's home folder
 * @param terminal true when standard input and output are a terminal: progress bars and colours are shown only then
 * @param input standard input, for secrets piped in ({@code brick login})
 */
public record CliEnvironment(Map<String, String> variables, Path userHome, boolean terminal, InputStream input) {
    /** The registry to use when neither {@code --registry}, {@code BRICKYARD_REGISTRY} nor a login names one. */
    public static final String DEFAULT_REGISTRY = "http://localhost:8080";

    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The environment of this process. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), System.console() != null,
                System.in);
    }

    /** The variable's value, or null when it is unset or empty. */
    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Where {@code brick} keeps the user's settings: {@code BRICKYARD_CONFIG_DIR}, else
     * {@code $XDG_CONFIG_HOME/brickyard}, else {@code %APPDATA%\brickyard} on Windows, else
     * {@code ~/.config/brickyard}.
     */
    public Path configDirectory() {
        if (variable("BRICKYARD_CONFIG_DIR") != null) {
            return Path.of(variable("BRICKYARD_CONFIG_DIR"));
        }
        if (variable("XDG_CONFIG_HOME") != null) {
            return Path.of(variable("XDG_CONFIG_HOME"), "brickyard");
        }
        if (variable("APPDATA") != null && System.getProperty("os.name", "").startsWith("Windows")) {
            return Path.of(variable("APPDATA"), "brickyard");
        }
        return userHome.resolve(".config").resolve("brickyard");
    }

    /**
     * Where {@code brick} caches downloaded bundles ({@link dev.brickyard.cli.cache.BrickCache}):
     * {@code $XDG_CACHE_HOME/brickyard}, else {@code ~/.cache/brickyard}.
     */
    public Path cacheDirectory() {
        if (variable("XDG_CACHE_HOME") != null) {
            return Path.of(variable("XDG_CACHE_HOME"), "brickyard");
        }
        return userHome.resolve(".cache").resolve("brickyard");
    }

    /** Colours and bold text only for a person at a terminal who has not asked for none (no-color.org). */
    public boolean colours() {
        return terminal && variable("NO_COLOR") == null && !"dumb".equals(variable("TERM"));
    }
}
