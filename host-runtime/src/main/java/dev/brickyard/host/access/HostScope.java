package dev.brickyard.host.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a host token may do. {@link #INFER} reads: answers, activations, the installed bricks and the metrics.
 * {@link #ADMIN} changes the host (install, swap, roll back, remove) and may do everything {@code infer} may.
 */
public enum HostScope {
    INFER, ADMIN;

    /** The scope's name in token files, on the command line and in problem details: {@code infer}, {@code admin}. */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a token with this scope may do what {@code needed} guards. */
    public boolean covers(HostScope needed) {
        return this == needed || this == ADMIN;
    }

    /**
     * The scope a name stands for.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    @JsonCreator
    public static HostScope parse(String text) {
        for (HostScope scope : values()) {
            if (scope.jsonName().equals(text.strip())) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + text + "' (known: "
                + Arrays.stream(values()).map(HostScope::jsonName).collect(Collectors.joining(", ")) + ")");
    }
}
