package dev.brickyard.api.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brickyard.api.MalformedBrickException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing of brick.json, the first thing read from a stranger's bundle: the example bricks' manifests with bytes
 * flipped, inserted, deleted and fields' values replaced by other JSON. Whatever comes in, reading either gives a
 * manifest that writes and reads back to itself, or a {@link MalformedBrickException}; never another exception.
 * {@code mvn verify} runs a bounded number of tries; docs/security.md says how to run a long campaign.
 */
class ManifestFuzzTest {
    private static final List<String> MANIFESTS = examples();

    private static List<String> examples() {
        try (var bundles = Files.list(Path.of("..", "bundles"))) {
            return bundles.map(bundle -> bundle.resolve("brick").resolve("brick.json")).filter(Files::isRegularFile)
                    .sorted().map(ManifestFuzzTest::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property
    void mutatedBytesAreReadOrRefusedNeverCrash(@ForAll("mutatedBytes") byte[] json) throws Exception {
        readOrRefuse(json);
    }

    @Property
    void fieldsWithOtherValuesAreReadOrRefusedNeverCrash(@ForAll("otherValues") String json) throws Exception {
        readOrRefuse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Found by the fuzzer: 1e309 parses as infinity, which the schema validator failed on with an exception. */
    @Example
    void aNumberTooLargeForADoubleIsAViolationNotACrash() {
        String json = MANIFESTS.get(0).replaceFirst("(\"schemaVersion\"\\s*:\\s*)1", "$11e309");
        MalformedBrickException refused = assertThrows(MalformedBrickException.class,
                () -> ManifestJson.read(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.violations().contains(new Violation("$.schemaVersion", "must be a finite number")),
                refused.getMessage());
    }

    private static void readOrRefuse(byte[] json) throws Exception {
        BrickManifest manifest;
        try {
            manifest = ManifestJson.read(json);
        } catch (MalformedBrickException refused) {
            return;
        }
        byte[] written = ManifestJson.write(manifest);
        assertArrayEquals(written, ManifestJson.write(ManifestJson.read(written)), "what was read writes back");
    }

    @Provide
    Arbitrary<byte[]> mutatedBytes() {
        Arbitrary<byte[]> original = Arbitraries.of(MANIFESTS).map(text -> text.getBytes(StandardCharsets.UTF_8));
        return Combinators.combine(original, Arbitraries.integers().between(1, 8),
                        Arbitraries.randoms())
                .as((bytes, edits, random) -> {
                    byte[] out = bytes.clone();
                    for (int i = 0; i < edits && out.length > 0; i++) {
                        int at = random.nextInt(out.length);
                        switch (random.nextInt(3)) {
                            case 0 -> out[at] = (byte) random.nextInt(256);
                            case 1 -> out = splice(out, at, new byte[] {(byte) random.nextInt(256)}, 0);
                            default -> out = splice(out, at, new byte[0], 1);
                        }
                    }
                    return out;
                });
    }

    @Provide
    Arbitrary<String> otherValues() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "0", "-1", "1e309", "1.5", "9223372036854775808", "\"\"", "[]", "{}",
                        "[null]", "\"\\u0000\"", "\"\\ud800\"", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]"),
                Arbitraries.strings().ofMaxLength(40).map(text -> "\"" + text.replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\""),
                Arbitraries.integers().map(String::valueOf));
        Arbitrary<String> fields = Arbitraries.of("schemaVersion", "id", "version", "kind", "origin", "granularity",
                "description", "tags", "labels", "io", "routingKey", "metrics", "license", "authors", "base",
                "weights", "adapter", "neurons", "merge");
        return Combinators.combine(Arbitraries.of(MANIFESTS), fields, values)
                .as((manifest, field, value) -> manifest.replaceFirst(
                        "(\"" + field + "\"\\s*:\\s*)(\"[^\"]*\"|-?[0-9.eE+-]+|true|false|null)",
                        "$1" + java.util.regex.Matcher.quoteReplacement(value)));
    }

    private static byte[] splice(byte[] bytes, int at, byte[] insert, int remove) {
        int removed = Math.min(remove, bytes.length - at);
        byte[] out = new byte[bytes.length - removed + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + removed, out, at + insert.length, bytes.length - at - removed);
        return out;
    }
}
