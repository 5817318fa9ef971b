package dev.brickyard.cli.train;

import dev.brickyard.cli.UsageException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a UTF-8 data file's lines, turning a missing, unreadable or non-UTF-8 file (or a folder) into a usage error
 * naming the file.
 */
public final class TsvLines {
    private TsvLines() {
    }

    public static List<String> read(Path file) throws UsageException, IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("no such data file: " + file);
        } catch (CharacterCodingException e) {
            throw new UsageException(file + " is not UTF-8 text");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot read the data file " + file + ": permission denied");
        } catch (IOException e) {
            throw new UsageException("cannot read the data file " + file + ": " + e.getMessage());
        }
    }
}
