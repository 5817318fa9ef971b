package dev.brickyard.http.problem;

import java.util.Locale;

/**
 * A stable error code of an HTTP API with the status it is answered with. Each API lists its codes in one enum
 * ({@code RegistryErrorCode}, {@code HostErrorCode}); clients branch on {@link #code()}, never on the text.
 */
public interface ProblemCode {
    /** The enum constant's name, e.g. {@code VERSION_EXISTS}. */
    String name();

    /** The HTTP status answered with this code. */
    int status();

    /** A short summary for people, RFC 9457 {@code title}. */
    String title();

    /** The API's problem type URIs begin with this, e.g. {@code https://brickyard.dev/problems/}. */
    String typePrefix();

    /** The code as clients see it, e.g. {@code version_exists}. */
    default String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The problem type URI, RFC 9457 {@code type}. */
    default String type() {
        return typePrefix() + code().replace('_', '-');
    }
}
