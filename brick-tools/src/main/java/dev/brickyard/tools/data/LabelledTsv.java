package dev.brickyard.tools.data;

import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads training data: UTF-8, one example per line, {@code text<TAB>label}. Blank lines and lines starting with
 * {@code #} are skipped; anything else without exactly one tab is an error naming the line.
 */
public final class LabelledTsv {
    private LabelledTsv() {
    }

    public static List<LabelledText> read(Path file) throws InvalidInputException, IOException {
        return TsvLines.readTwoColumns(file, "text<TAB>label", "examples").stream()
                .map(fields -> new LabelledText(fields[0], fields[1])).toList();
    }
}
