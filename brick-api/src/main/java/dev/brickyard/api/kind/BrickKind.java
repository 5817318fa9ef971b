package dev.brickyard.api.kind;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a brick does to the base model; the JSON and header spelling is the lower-case name. */
public enum BrickKind {
    /** Pooled embedding in, one probability per label out. */
    HEAD,
    /** Key/value memory, retrieved by similarity to the input embedding. */
    KNOWLEDGE,
    /** Low-rank deltas applied to matrices inside the base model. */
    ADAPTER,
    /** A set of FFN neurons of the base model, applied as a mask. */
    NEURONS,
    /** A recipe that requires other bricks and combines their outputs. */
    COMPOSITE;

    /** The spelling used in {@code brick.json} and in the {@code kind} capability attribute. */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks up a kind by its JSON spelling. */
    public static Optional<BrickKind> fromJson(String text) {
        return Arrays.stream(values()).filter(kind -> kind.jsonName().equals(text)).findFirst();
    }

    @JsonCreator
    static BrickKind parse(String text) {
        return fromJson(text).orElseThrow(() -> new IllegalArgumentException("unknown brick kind: " + text));
    }
}
