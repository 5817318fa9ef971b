package dev.brickyard.tools.data;

import dev.brickyard.tools.InvalidInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a UTF-8 data file's lines, turning a missing, unreadable or non-UTF-8 file (or a folder) into a usage error
 * naming the file.
 */
public final class TsvLines {
    private static final int REPORTED_PROBLEMS = 10;

    private TsvLines() {
    }

    public static List<String> read(Path file) throws InvalidInputException, IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such data file: " + file);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + " is not UTF-8 text");
        } catch (AccessDeniedException e) {
            throw new InvalidInputException("cannot read the data file " + file + ": permission denied");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the data file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads a two-column file: one pair per line, two non-blank texts separated by one tab, both stripped. Blank lines
     * and lines starting with {@code #} are skipped; the first ten malformed lines are reported together, each as
     * {@code file:line}.
     *
     * @param format the expected line, for messages, e.g. {@code text<TAB>label}
     * @param what what the lines are, for the message when there are none, e.g. {@code examples}
     * @throws InvalidInputException for malformed lines, or a file with none
     */
    public static List<String[]> readTwoColumns(Path file, String format, String what)
            throws InvalidInputException, IOException {
        List<String> lines = read(file);
        List<String[]> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
                problems.add(file.getFileName() + ":" + (i + 1) + ": expected '" + format + "'");
            } else {
                rows.add(new String[] {fields[0].strip(), fields[1].strip()});
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join(System.lineSeparator(),
                    problems.subList(0, Math.min(problems.size(), REPORTED_PROBLEMS)))
                    + (problems.size() > REPORTED_PROBLEMS ? System.lineSeparator() + "... and "
                    + (problems.size() - REPORTED_PROBLEMS) + " more malformed lines" : ""));
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(file + " holds no " + what);
        }
        return rows;
    }
}
