package dev.brickyard.api;

import dev.brickyard.api.manifest.Violation;
import java.util.List;

/**
 * A brick's provenance statement ({@code brick/provenance.json}) is not a valid in-toto statement, or names entries
 * of the bundle with other digests than they have. The bundle as a whole breaks the format, so this is a
 * {@link MalformedBrickException}; servers answer it with its own code so that an author knows which file to fix.
 */
public class MalformedProvenanceException extends MalformedBrickException {
    private static final long serialVersionUID = 1L;

    public MalformedProvenanceException(String message, List<Violation> violations) {
        super(message, violations);
    }
}
