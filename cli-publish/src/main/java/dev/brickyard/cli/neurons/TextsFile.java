package dev.brickyard.cli.neurons;

import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.train.TsvLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file of texts: UTF-8, one text per line, stripped; blank lines and lines starting with {@code #} are
 * skipped. A missing or non-UTF-8 file, and one with fewer than {@link NeuronSelectivity#MIN_TEXTS} texts, is a
 * usage error naming the file.
 */
final class TextsFile {
    private TextsFile() {
    }

    static List<String> read(Path file) throws UsageException, IOException {
        List<String> lines = TsvLines.read(file);
        List<String> texts = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                texts.add(text);
            }
        }
        if (texts.isEmpty()) {
            throw new UsageException(file + " holds no texts (one text per line; blank lines and lines starting "
                    + "with # are skipped)");
        }
        if (texts.size() < NeuronSelectivity.MIN_TEXTS) {
            throw new UsageException(file + " holds " + texts.size() + " text; finding neurons needs at least "
                    + NeuronSelectivity.MIN_TEXTS + " on each side, to measure how much a neuron varies");
        }
        return texts;
    }
}
