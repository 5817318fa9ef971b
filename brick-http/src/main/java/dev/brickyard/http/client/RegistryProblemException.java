package dev.brickyard.http.client;

import dev.brickyard.api.BrickException;

/**
 * An error answer of the registry or a host that no more specific exception describes (a 400, a 500 with its error id, an
 * answer that is not the registry's at all).
 *
 * @see RegistryClient for the mapping of problem codes to exceptions
 */
public final class RegistryProblemException extends BrickException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public RegistryProblemException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The problem's stable code, such as {@code bad_request}, or null when the body was not a problem document. */
    public String code() {
        return code;
    }
}
