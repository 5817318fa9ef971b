package dev.brickyard.base.adapter;

import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.Violation;
import java.util.List;

/**
 * Bytes that are not an ONNX Runtime adapter file this package accepts: not a FlatBuffer with the {@code TORT}
 * identifier, truncated or corrupt, an unsupported format version, or parameters that break the rules (empty or
 * repeated names, negative dimensions, a data type other than float32, data of the wrong length). Problems with
 * individual parameters are all listed as {@link #violations()}, each at a path such as
 * {@code parameters[2].raw_data}.
 */
public class AdapterFormatException extends MalformedBrickException {
    private static final long serialVersionUID = 1L;

    /** One problem that stops reading, such as a wrong identifier or a truncated file. */
    public AdapterFormatException(String message) {
        super(message);
    }

    /** One problem that stops reading, found as {@code cause} (e.g. a read past the end of a corrupt buffer). */
    public AdapterFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Every problem found in the parameters of a structurally sound file. */
    public AdapterFormatException(String message, List<Violation> violations) {
        super(message, violations);
    }
}
