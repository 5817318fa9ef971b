package dev.brickyard.registry.resource;

import dev.brickyard.api.manifest.Violation;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.registry.search.SimilarBrickIds;
import dev.brickyard.registry.store.BrickStore;
import java.util.List;

/** A request the registry refuses; resources throw it and a mapper turns it into problem+json. */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final transient List<Violation> violations;
    private final transient List<String> suggestions;

    public RegistryException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public RegistryException(ErrorCode code, String detail, List<Violation> violations, Throwable cause) {
        this(code, detail, violations, List.of(), cause);
    }

    private RegistryException(ErrorCode code, String detail, List<Violation> violations, List<String> suggestions,
                              Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.violations = List.copyOf(violations);
        this.suggestions = List.copyOf(suggestions);
    }

    /** {@code brick_not_found} for {@code id}, with the published ids spelled closest to it ("did you mean"). */
    public static RegistryException brickNotFound(BrickId id, BrickStore store) {
        return new RegistryException(ErrorCode.BRICK_NOT_FOUND, id + " is not published here", List.of(),
                SimilarBrickIds.published(id, store), null);
    }

    public ErrorCode code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** For {@code brick_not_found}, published ids close to the one asked for, best first; otherwise empty. */
    public List<String> suggestions() {
        return suggestions;
    }
}
