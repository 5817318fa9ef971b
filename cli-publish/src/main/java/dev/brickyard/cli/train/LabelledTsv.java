package dev.brickyard.cli.train;

import dev.brickyard.cli.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads training data: UTF-8, one example per line, {@code text<TAB>label}. Blank lines and lines starting with
 * {@code #} are skipped; anything else without exactly one tab is an error naming the line.
 */
public final class LabelledTsv {
    private LabelledTsv() {
    }

    public static List<LabelledText> read(Path file) throws UsageException, IOException {
        List<String> lines = TsvLines.read(file);
        List<LabelledText> examples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
                problems.add(file.getFileName() + ":" + (i + 1) + ": expected 'text<TAB>label'");
            } else {
                examples.add(new LabelledText(fields[0].strip(), fields[1].strip()));
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(String.join(System.lineSeparator(),
                    problems.subList(0, Math.min(problems.size(), 10)))
                    + (problems.size() > 10 ? System.lineSeparator() + "... and " + (problems.size() - 10)
                    + " more malformed lines" : ""));
        }
        if (examples.isEmpty()) {
            throw new UsageException(file + " holds no examples");
        }
        return examples;
    }
}
