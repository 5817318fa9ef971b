package dev.brickyard.host.trust;

import java.nio.file.Path;

/** A trust file that cannot be used: unreadable, not JSON, or a key or namespace that is not one. */
public class TrustPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrustPolicyException(Path file, String problem) {
        super("the trust policy " + file + " cannot be used: " + problem);
    }
}
