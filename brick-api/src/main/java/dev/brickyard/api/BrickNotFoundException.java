package dev.brickyard.api;

/** A brick named by id or reference is not installed, published or present where it was looked for. */
public class BrickNotFoundException extends BrickException {
    private static final long serialVersionUID = 1L;

    public BrickNotFoundException(String message) {
        super(message);
    }
}
