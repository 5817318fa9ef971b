package dev.brickyard.api.manifest;

import java.util.Objects;

/**
 * One broken rule of the brick format.
 *
 * @param path where the problem is: a JSON path into {@code brick.json} such as {@code $.labels[2]}, or an
 *             archive entry such as {@code brick/head.onnx}
 * @param message what is wrong there, in words a brick author can act on
 */
public record Violation(String path, String message) {
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
