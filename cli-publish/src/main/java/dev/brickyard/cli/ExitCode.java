package dev.brickyard.cli;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.UntrustedBrickException;
import dev.brickyard.http.client.DigestMismatchException;
import dev.brickyard.http.client.RegistryAuthException;
import dev.brickyard.http.client.RegistryProblemException;
import dev.brickyard.http.client.RegistryUnreachableException;
import dev.brickyard.tools.InvalidInputException;

/** What {@code brick} exits with; listed in {@code brick --help} and docs/cli.md. */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "any other failure (I/O, ONNX Runtime, ...)"),
    USAGE(2, "usage error: unknown option, missing argument, unreadable input file"),
    INVALID_BRICK(3, "invalid brick: archive, brick.json or weights break the format"),
    INCOMPATIBLE(4, "incompatible brick: built for another base model, a requirement is unmet, it failed its smoke "
            + "test, or it does not fit in the host's brick memory"),
    NOT_FOUND(5, "not found: the brick, file or token named does not exist"),
    CONFLICT(6, "conflict: the brick already exists where it would go (installed, published), or the token was "
            + "already revoked"),
    AUTH(7, "auth: no token, or the registry refused it (unknown, revoked, other namespace, missing scope)"),
    NETWORK(8, "network: the registry or host is unreachable, a transfer broke off, or a download failed its "
            + "digest"),
    UNTRUSTED(9, "untrusted: the brick is unsigned where a signature is required, its signature does not verify, or "
            + "its signer is not trusted for its namespace (not registered, revoked, not in the host's trust policy)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** The exit code for an exception escaping a command. */
    public static ExitCode of(Throwable failure) {
        if (failure instanceof UntrustedBrickException) {
            return UNTRUSTED;
        }
        if (failure instanceof MalformedBrickException) {
            return INVALID_BRICK;
        }
        if (failure instanceof IncompatibleBrickException) {
            return INCOMPATIBLE;
        }
        if (failure instanceof BrickNotFoundException || failure instanceof java.nio.file.NoSuchFileException) {
            return NOT_FOUND;
        }
        if (failure instanceof BrickConflictException) {
            return CONFLICT;
        }
        if (failure instanceof InvalidInputException
                || failure instanceof RegistryProblemException problem && problem.status() == 400) {
            return USAGE;
        }
        if (failure instanceof RegistryAuthException) {
            return AUTH;
        }
        if (failure instanceof RegistryUnreachableException || failure instanceof DigestMismatchException) {
            return NETWORK;
        }
        return FAILURE;
    }

    /** The exit code section of {@code --help}. */
    public static String[] helpLines() {
        return java.util.Arrays.stream(values()).map(exit -> String.format("%3d  %s", exit.code, exit.meaning))
                .toArray(String[]::new);
    }
}
