package dev.brickyard.api.kind;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a brick comes from, after the paper's taxonomy. */
public enum BrickOrigin {
    /** Formed inside the base model during pre-training, such as an FFN neuron set. */
    EMERGENT,
    /** Added after pre-training, such as a task head, an adapter or a knowledge memory. */
    CUSTOMIZED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BrickOrigin> fromJson(String text) {
        return Arrays.stream(values()).filter(origin -> origin.jsonName().equals(text)).findFirst();
    }

    @JsonCreator
    static BrickOrigin parse(String text) {
        return fromJson(text).orElseThrow(() -> new IllegalArgumentException("unknown brick origin: " + text));
    }
}
