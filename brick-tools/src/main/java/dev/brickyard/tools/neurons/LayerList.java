package dev.brickyard.tools.neurons;

import dev.brickyard.base.graph.LoraSite;
import dev.brickyard.tools.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code --layers} syntax: layer numbers and ranges separated by commas, such as {@code 0-5}, {@code 3} or
 * {@code 1-2,5}. Layers are those of the base model, 0 to {@value LoraSite#LAYERS} − 1.
 */
public final class LayerList {
    private LayerList() {
    }

    /** The layers named, sorted and each once. */
    public static List<Integer> parse(String text) throws InvalidInputException {
        TreeSet<Integer> layers = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            String[] ends = part.strip().split("-", -1);
            if (ends.length > 2) {
                throw bad(text);
            }
            int first = number(ends[0], text);
            int last = ends.length == 2 ? number(ends[1], text) : first;
            if (first > last) {
                throw new InvalidInputException("--layers '" + text + "': the range " + part.strip() + " runs backwards");
            }
            for (int layer = first; layer <= last; layer++) {
                layers.add(layer);
            }
        }
        return List.copyOf(layers);
    }

    /** Sorted layers written back in the {@code --layers} syntax, runs as ranges: {@code 0-3,5}. */
    public static String format(List<Integer> sorted) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            parts.add(j == i ? String.valueOf(sorted.get(i)) : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return String.join(",", parts);
    }

    private static int number(String text, String whole) throws InvalidInputException {
        int layer;
        try {
            layer = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw bad(whole);
        }
        if (layer < 0 || layer >= LoraSite.LAYERS) {
            throw new InvalidInputException("--layers '" + whole + "': there is no layer " + layer
                    + "; the base model has the layers 0-" + (LoraSite.LAYERS - 1));
        }
        return layer;
    }

    private static InvalidInputException bad(String text) {
        return new InvalidInputException("--layers '" + text + "' is not a list of layers and ranges such as 0-5, 3 or "
                + "1-2,5");
    }
}
