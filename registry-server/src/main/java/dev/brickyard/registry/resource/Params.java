package dev.brickyard.registry.resource;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.http.problem.ErrorCode;

/** Parses path and query parameters into values, answering {@code bad_request} for malformed ones. */
final class Params {
    private Params() {
    }

    static BrickId brickId(String namespace, String name) {
        try {
            return new BrickId(namespace, name);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    /** A namespace, as bricks' ids name it. */
    static String namespace(String namespace) {
        brickId(namespace, "a");
        return namespace;
    }

    /** Longest version the store keeps (its column width). */
    static final int MAX_VERSION_LENGTH = 64;

    static SemVer version(String version) {
        if (version.length() > MAX_VERSION_LENGTH) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "a version has at most " + MAX_VERSION_LENGTH
                    + " characters");
        }
        try {
            return SemVer.parse(version);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }
}
