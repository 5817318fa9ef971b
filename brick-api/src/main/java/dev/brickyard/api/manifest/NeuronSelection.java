package dev.brickyard.api.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a neuron brick names: FFN neurons of the base model by layer, and what to do with them on each input it
 * is applied to.
 *
 * @param mode {@code ablate} silences the neurons; {@code keep-only} silences every other neuron of their layers
 * @param layers layer number (as text, the JSON key) to neuron indexes
 */
public record NeuronSelection(Mode mode, Map<String, List<Integer>> layers) {
    public NeuronSelection {
        layers = layers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(layers));
    }

    /** Number of neurons named. */
    public int size() {
        return layers.values().stream().mapToInt(List::size).sum();
    }

    /** How the named neurons are applied. */
    public enum Mode {
        ABLATE("ablate"),
        KEEP_ONLY("keep-only");

        private final String jsonName;

        Mode(String jsonName) {
            this.jsonName = jsonName;
        }

        @JsonValue
        public String jsonName() {
            return jsonName;
        }

        /** Looks a mode up by its JSON spelling. */
        public static Optional<Mode> fromJson(String text) {
            return Arrays.stream(values()).filter(mode -> mode.jsonName.equals(text == null ? null
                    : text.toLowerCase(Locale.ROOT))).findFirst();
        }

        @JsonCreator
        static Mode parse(String text) {
            return fromJson(text).orElseThrow(() -> new IllegalArgumentException("unknown neuron mode: " + text));
        }
    }
}
