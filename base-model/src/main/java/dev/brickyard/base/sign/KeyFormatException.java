package dev.brickyard.base.sign;

/** A key file, keystore or PEM text that cannot be read as the key it should hold; the message says why. */
public class KeyFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
