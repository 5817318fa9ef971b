package dev.brickyard.registry.resource;

import dev.brickyard.api.manifest.Violation;
import dev.brickyard.http.problem.ErrorCode;
import java.util.List;

/** A request the registry refuses; resources throw it and a mapper turns it into problem+json. */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final transient List<Violation> violations;

    public RegistryException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public RegistryException(ErrorCode code, String detail, List<Violation> violations, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public ErrorCode code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }
}
