package dev.brickyard.cli.output;

import dev.brickyard.api.manifest.BrickManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code --json} document of every command that writes a brick folder ({@code train head},
 * {@code train knowledge}, {@code fit adapter}, {@code merge}, {@code neurons find}): what was made, where, and the
 * numbers it was judged by.
 *
 * @param files the folder's files after writing, sorted by name
 * @param metrics the manifest's {@code metrics} (sorted by key) followed by the command's own measurements
 */
public record FolderWritten(String id, String version, String kind, String folder, List<String> files,
                            Map<String, Object> metrics) {

    /** The document for {@code manifest} written to {@code folder}, with the command's own measurements. */
    public static FolderWritten of(BrickManifest manifest, Path folder, Map<String, ?> measured) throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (manifest.metrics() != null) {
            manifest.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(metric -> metrics.put(metric.getKey(), metric.getValue()));
        }
        metrics.putAll(measured);
        return new FolderWritten(manifest.id(), manifest.version(), manifest.kind().jsonName(), folder.toString(),
                files(folder), metrics);
    }

    /** The names of the regular files in {@code folder}, sorted. */
    public static List<String> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
