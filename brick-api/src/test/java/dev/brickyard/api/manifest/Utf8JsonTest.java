package dev.brickyard.api.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.MalformedBrickException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** brick.json and recipe.json are UTF-8 without a BOM; every other encoding is refused before it is parsed. */
class Utf8JsonTest {
    private static final String MANIFEST = read();

    private static String read() {
        try {
            return Files.readString(Path.of("..", "bundles", "sentiment", "brick", "brick.json"), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(MalformedBrickException.class, () -> ManifestJson.read(bytes)).getMessage();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void utf8WithoutABomReads() throws Exception {
        assertEquals("brickyard/sentiment", ManifestJson.read(MANIFEST.getBytes(StandardCharsets.UTF_8)).id());
    }

    @Test
    void aUtf8ByteOrderMarkIsRefused() {
        String message = refusal(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                MANIFEST.getBytes(StandardCharsets.UTF_8)));
        assertTrue(message.contains("byte order mark"), message);
    }

    @Test
    void utf16AndUtf32AreRefusedWithOrWithoutABom() {
        for (Charset charset : new Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE, Charset.forName("UTF-32")}) {
            String message = refusal(MANIFEST.getBytes(charset));
            assertTrue(message.contains("UTF-8"), charset + ": " + message);
            assertTrue(message.startsWith("brick.json"), charset + ": " + message);
        }
    }

    @Test
    void latin1IsRefused() {
        String message = refusal(MANIFEST.replace("Says whether", "Säys whether").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(message.contains("not UTF-8"), message);
    }

    @Test
    void aRecipeFollowsTheSameRule() {
        String message = assertThrows(MalformedBrickException.class, () -> CompositeRecipeJson.read(
                "{\"components\": []}".getBytes(StandardCharsets.UTF_16LE),
                dev.brickyard.api.version.BrickId.parse("acme/mood"))).getMessage();
        assertTrue(message.startsWith(dev.brickyard.api.manifest.CompositeRecipe.FILE), message);
        assertTrue(message.contains("UTF-8"), message);
    }
}
