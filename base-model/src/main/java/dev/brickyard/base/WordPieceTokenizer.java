package dev.brickyard.base;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's tokenizer as Hugging Face {@code tokenizers} runs it for this model, read from its {@code tokenizer.json}:
 * the BertNormalizer (clean text, space out CJK ideographs, strip accents, lower-case), the BertPreTokenizer
 * (split on white space, isolate punctuation), greedy longest-match WordPiece, then {@code [CLS] ... [SEP]} and
 * truncation to the configured maximum length. Produces the same ids as the Rust library (tested against DJL).
 */
public final class WordPieceTokenizer {
    private final Map<String, Integer> vocabulary;
    private final String[] tokensById;
    private final int unknownId;
    private final int clsId;
    private final int sepId;
    private final int maxLength;
    private final int maxCharsPerWord;
    private final String continuingPrefix;

    private WordPieceTokenizer(Map<String, Integer> vocabulary, String unknownToken, String continuingPrefix,
                               int maxCharsPerWord, int maxLength) {
        this.vocabulary = vocabulary;
        this.tokensById = new String[vocabulary.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        vocabulary.forEach((token, id) -> tokensById[id] = token);
        this.unknownId = idOf(vocabulary, unknownToken);
        this.clsId = idOf(vocabulary, "[CLS]");
        this.sepId = idOf(vocabulary, "[SEP]");
        this.continuingPrefix = continuingPrefix;
        this.maxCharsPerWord = maxCharsPerWord;
        this.maxLength = maxLength;
    }

    /**
     * Reads a Hugging Face {@code tokenizer.json} whose model is WordPiece. The maximum length comes from its
     * truncation section (128 for this model).
     */
    public static WordPieceTokenizer fromJson(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw new IOException("tokenizer.json does not describe a WordPiece model");
        }
        Map<String, Integer> vocabulary = new HashMap<>(model.path("vocab").size() * 2);
        model.path("vocab").fields().forEachRemaining(entry -> vocabulary.put(entry.getKey(), entry.getValue().asInt()));
        int maxLength = root.path("truncation").path("max_length").asInt(512);
        return new WordPieceTokenizer(vocabulary, model.path("unk_token").asText("[UNK]"),
                model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(100), maxLength);
    }

    private static int idOf(Map<String, Integer> vocabulary, String token) {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new IllegalArgumentException("vocabulary lacks " + token);
        }
        return id;
    }

    /** The most tokens an encoding holds, {@code [CLS]} and {@code [SEP]} included. */
    public int maxLength() {
        return maxLength;
    }

    /** Token ids of one text: {@code [CLS]}, the word pieces (truncated to fit), {@code [SEP]}. */
    public long[] encode(String text) {
        List<Integer> pieces = new ArrayList<>();
        int room = maxLength - 2;
        for (String word : preTokenize(normalize(text))) {
            if (pieces.size() >= room) {
                break;
            }
            wordPieces(word, pieces);
        }
        int kept = Math.min(pieces.size(), room);
        long[] ids = new long[kept + 2];
        ids[0] = clsId;
        for (int i = 0; i < kept; i++) {
            ids[i + 1] = pieces.get(i);
        }
        ids[kept + 1] = sepId;
        return ids;
    }

    /** The vocabulary entries of token ids, e.g. {@code [CLS]}, {@code brick}, {@code ##yard}. */
    public List<String> tokens(long[] ids) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (long id : ids) {
            tokens.add(id >= 0 && id < tokensById.length && tokensById[(int) id] != null ? tokensById[(int) id]
                    : "[UNK]");
        }
        return tokens;
    }

    /** The BertNormalizer with clean_text, handle_chinese_chars, strip_accents and lowercase all on. */
    static String normalize(String text) {
        StringBuilder cleaned = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            if (isWhitespace(c)) {
                cleaned.append(' ');
            } else if (isChineseChar(c)) {
                cleaned.append(' ').appendCodePoint(c).append(' ');
            } else {
                cleaned.appendCodePoint(c);
            }
        });
        String decomposed = Normalizer.normalize(cleaned, Normalizer.Form.NFD);
        StringBuilder stripped = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .forEach(stripped::appendCodePoint);
        return stripped.toString().toLowerCase(Locale.ROOT);
    }

    /** The BertPreTokenizer: white space separates words, every punctuation character is a word of its own. */
    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (isWhitespace(c)) {
                flush(word, words);
            } else if (isPunctuation(c)) {
                flush(word, words);
                words.add(new String(Character.toChars(c)));
            } else {
                word.appendCodePoint(c);
            }
        });
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private void wordPieces(String word, List<Integer> out) {
        int[] chars = word.codePoints().toArray();
        if (chars.length > maxCharsPerWord) {
            out.add(unknownId);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < chars.length) {
            Integer found = null;
            int end = chars.length;
            while (start < end) {
                String candidate = new String(chars, start, end - start);
                found = vocabulary.get(start > 0 ? continuingPrefix + candidate : candidate);
                if (found != null) {
                    break;
                }
                end--;
            }
            if (found == null) {
                out.add(unknownId);
                return;
            }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    /** Rust's {@code char::is_whitespace} (the Unicode White_Space property), as the Rust library uses it. */
    private static boolean isWhitespace(int c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    /** Unicode category C (Cc, Cf, Cs, Co, Cn) except tab, newline and carriage return. */
    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    private static boolean isPunctuation(int c) {
        if (c < 128) {
            return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
        }
        int type = Character.getType(c);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    private static boolean isChineseChar(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
