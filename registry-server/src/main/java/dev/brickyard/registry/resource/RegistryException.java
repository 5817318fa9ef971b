package dev.brickyard.registry.resource;

import dev.brickyard.http.registry.RegistryErrorCode;
import dev.brickyard.api.manifest.Violation;
import java.util.List;

/** A request the registry refuses; resources throw it and a mapper turns it into problem+json. */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final RegistryErrorCode code;
    private final transient List<Violation> violations;

    public RegistryException(RegistryErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public RegistryException(RegistryErrorCode code, String detail, List<Violation> violations, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public RegistryErrorCode code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }
}
