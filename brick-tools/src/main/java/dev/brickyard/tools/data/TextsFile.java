package dev.brickyard.tools.data;

import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.data.TsvLines;
import dev.brickyard.tools.neurons.NeuronSelectivity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file of texts: UTF-8, one text per line, stripped; blank lines and lines starting with {@code #} are
 * skipped. A missing or non-UTF-8 file, and one with fewer than {@link NeuronSelectivity#MIN_TEXTS} texts, is a
 * usage error naming the file.
 */
public final class TextsFile {
    private TextsFile() {
    }

    public static List<String> read(Path file) throws InvalidInputException, IOException {
        List<String> lines = TsvLines.read(file);
        List<String> texts = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                texts.add(text);
            }
        }
        if (texts.isEmpty()) {
            throw new InvalidInputException(file + " holds no texts (one text per line; blank lines and lines starting "
                    + "with # are skipped)");
        }
        if (texts.size() < NeuronSelectivity.MIN_TEXTS) {
            throw new InvalidInputException(file + " holds " + texts.size() + " text; finding neurons needs at least "
                    + NeuronSelectivity.MIN_TEXTS + " on each side, to measure how much a neuron varies");
        }
        return texts;
    }
}
