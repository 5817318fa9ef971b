package dev.brickyard.tools.pack;

import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.tools.InvalidInputException;
import dev.brickyard.tools.card.BrickCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what a trainer (or {@code brick compose}) made into a brick folder, the layout {@code brick pack} reads:
 * <pre>
 * DIR/
 * ├── brick.json     the manifest, validated before anything is written
 * ├── README.md      the generated card, keeping the author's own sections of the card already there
 * └── &lt;weights&gt;      every file of $.weights (head.onnx; keys.onnx and values.jsonl; a composite's recipe.json)
 * </pre>
 * Each file is written beside its final name, then all are moved in: a failure leaves the old files intact.
 */
public final class BrickFolder {
    private BrickFolder() {
    }

    /**
     * Writes a trained brick.
     *
     * @param weights file name (as listed in {@code $.weights}) to bytes
     * @param generatedCard the card the trainer wrote
     * @param runOwnedSections lower-case {@code ## } headings the run always writes, never taken from the old card
     * @throws InvalidInputException when the options given would make an invalid {@code brick.json}
     */
    public static void write(Path out, BrickManifest manifest, Map<String, byte[]> weights, String generatedCard,
                      List<String> runOwnedSections) throws InvalidInputException, IOException {
        byte[] json = ManifestJson.write(manifest);
        try {
            ManifestJson.read(json);
        } catch (MalformedBrickException e) {
            throw new InvalidInputException("the options would make an invalid brick.json: " + e.getMessage());
        }
        Path previousCard = out.resolve("README.md");
        String card = BrickCard.withAuthorSections(generatedCard,
                Files.isRegularFile(previousCard) ? Files.readString(previousCard) : null, runOwnedSections);
        Map<String, byte[]> files = new LinkedHashMap<>(weights);
        files.put("README.md", card.getBytes(StandardCharsets.UTF_8));
        files.put("brick.json", json);
        Files.createDirectories(out);
        List<Path[]> moves = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path temporary = out.resolve("." + file.getKey() + ".tmp");
                moves.add(new Path[] {temporary, out.resolve(file.getKey())});
                Files.write(temporary, file.getValue());
            }
            for (Path[] move : moves) {
                Files.move(move[0], move[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            for (Path[] move : moves) {
                Files.deleteIfExists(move[0]);
            }
        }
    }
}
