package dev.brickyard.registry.store;

/** The database failed; wraps the {@link java.sql.SQLException} with what was being done. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
