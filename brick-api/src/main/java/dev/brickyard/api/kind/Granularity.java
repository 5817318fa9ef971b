package dev.brickyard.api.kind;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How big a piece of a model a brick is, from one neuron to a whole model. */
public enum Granularity {
    NEURON,
    NEURON_GROUP,
    LAYER,
    MODULE,
    MODEL;

    /** JSON spelling: lower case with hyphens, e.g. {@code neuron-group}. */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Granularity> fromJson(String text) {
        return Arrays.stream(values()).filter(granularity -> granularity.jsonName().equals(text)).findFirst();
    }

    @JsonCreator
    static Granularity parse(String text) {
        return fromJson(text).orElseThrow(() -> new IllegalArgumentException("unknown granularity: " + text));
    }
}
