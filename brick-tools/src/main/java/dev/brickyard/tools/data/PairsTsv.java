package dev.brickyard.tools.data;

import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.data.TsvLines;
import dev.brickyard.tools.fit.AdapterFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the two data files of an adapter fit: UTF-8, one pair per line, two non-blank texts separated by one tab
 * ({@code text<TAB>target} for the pairs, {@code sentence<TAB>sentence} for the controls), both stripped. Blank lines
 * and lines starting with {@code #} are skipped; any other line without exactly one tab or with a blank side is an
 * error naming the file and line. A missing, unreadable or non-UTF-8 file is a usage error naming the file.
 */
public final class PairsTsv {
    private PairsTsv() {
    }

    /** The (text, target) pairs of {@code file}; at least one. */
    public static List<AdapterFit.Pair> pairs(Path file) throws InvalidInputException, IOException {
        return read(file, "text<TAB>target", "pairs").stream()
                .map(fields -> new AdapterFit.Pair(fields[0], fields[1])).toList();
    }

    /** The control pairs of {@code file}; at least one. */
    public static List<AdapterFit.ControlPair> controls(Path file) throws InvalidInputException, IOException {
        return read(file, "sentence<TAB>sentence", "control pairs").stream()
                .map(fields -> new AdapterFit.ControlPair(fields[0], fields[1])).toList();
    }

    private static List<String[]> read(Path file, String format, String what) throws InvalidInputException, IOException {
        return TsvLines.readTwoColumns(file, format, what);
    }
}
