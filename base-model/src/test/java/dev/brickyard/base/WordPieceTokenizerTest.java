package dev.brickyard.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our pure-Java tokenizer against Hugging Face's Rust tokenizer (through DJL) on the same tokenizer.json. */
class WordPieceTokenizerTest {
    @TempDir
    static Path folder;
    static WordPieceTokenizer ours;
    static HuggingFaceTokenizer reference;

    @BeforeAll
    static void load() throws Exception {
        Path json = folder.resolve("tokenizer.json");
        try (InputStream in = BaseModelVariant.FP32.openTokenizer()) {
            Files.copy(in, json);
        }
        try (InputStream in = Files.newInputStream(json)) {
            ours = WordPieceTokenizer.fromJson(in);
        }
        reference = HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "true", "padding", "false",
                "maxLength", String.valueOf(ours.maxLength()), "addSpecialTokens", "true"));
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    @Test
    void idsEqualTheRustTokenizerOnMoreThanAThousandVariedTexts() {
        List<String> texts = TokenizerCorpus.texts(1200);
        assertTrue(texts.size() >= 1000);
        int mismatches = 0;
        StringBuilder report = new StringBuilder();
        for (String text : texts) {
            long[] expected = reference.encode(text).getIds();
            long[] actual = ours.encode(text);
            if (!java.util.Arrays.equals(expected, actual)) {
                if (mismatches++ < 5) {
                    report.append("\n").append(escape(text)).append("\n  expected ")
                            .append(java.util.Arrays.toString(expected)).append("\n  actual   ")
                            .append(java.util.Arrays.toString(actual));
                }
            }
        }
        assertEquals(0, mismatches, mismatches + " of " + texts.size() + " texts differ:" + report);
    }

    @Test
    void longInputsAreTruncatedToTheModelLimitWithSeparatorKept() {
        long[] ids = ours.encode("word ".repeat(1000));
        assertEquals(128, ours.maxLength());
        assertEquals(ours.maxLength(), ids.length);
        assertEquals(101, ids[0]);
        assertEquals(102, ids[ids.length - 1]);
    }

    @Test
    void knownSentenceGivesKnownIds() {
        assertArrayEquals(new long[] {101, 7592, 1010, 2088, 999, 102}, ours.encode("Hello, world!"));
    }

    @Test
    void emptyTextIsJustTheSpecialTokens() {
        assertArrayEquals(new long[] {101, 102}, ours.encode(""));
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> {
            if (c < 32 || (c >= 0x7F && c < 0xA0) || Character.getType(c) == Character.FORMAT) {
                escaped.append(String.format("\\u%04X", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
